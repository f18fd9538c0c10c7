using System.Globalization;
using System.Text;

namespace Packetflix.Linux;

/// <summary>
/// Parses /proc/PID/mountinfo (proc_pid_mountinfo(5)):
/// <c>36 35 0:4 net:[4026532320] /run/netns/a rw shared:5 - nsfs nsfs rw</c>, i.e. mount id, parent id, major:minor,
/// root, mount point, options, optional fields, a lone "-", fstype, source, super options.
/// </summary>
public static class MountInfo
{
    // The optional fields have variable length; " - " is the only fixed anchor before fstype. Raw spaces never
    // occur inside fields because the kernel escapes them as \040.
    private const string Separator = " - ";

    // Index of the root and mount point fields among the space-separated fields before the separator.
    private const int RootField = 3;
    private const int MountPointField = 4;

    /// <summary>Returns the nsfs bind mounts of the given mountinfo text; other lines are skipped.</summary>
    public static IEnumerable<NsfsMount> ParseNsfsMounts(string mountinfoText)
    {
        ArgumentNullException.ThrowIfNull(mountinfoText);
        var result = new List<NsfsMount>();
        var text = mountinfoText.AsSpan();
        foreach (var lineRange in text.Split('\n'))
        {
            if (TryParseLine(text[lineRange], out var mount))
            {
                result.Add(mount);
            }
        }

        return result;
    }

    private static bool TryParseLine(ReadOnlySpan<char> line, out NsfsMount mount)
    {
        mount = default;
        var separator = line.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return false;
        }

        var afterSeparator = line[(separator + Separator.Length)..];
        var fsTypeEnd = afterSeparator.IndexOf(' ');
        var fsType = fsTypeEnd < 0 ? afterSeparator : afterSeparator[..fsTypeEnd];
        if (!fsType.SequenceEqual("nsfs"))
        {
            return false;
        }

        var before = line[..separator];
        ReadOnlySpan<char> root = default;
        ReadOnlySpan<char> mountPoint = default;
        var index = 0;
        foreach (var range in before.Split(' '))
        {
            if (index == RootField)
            {
                root = before[range];
            }
            else if (index == MountPointField)
            {
                mountPoint = before[range];
                break;
            }

            index++;
        }

        if (mountPoint.IsEmpty || !TryParseNamespaceRoot(root, out var type, out var inode))
        {
            return false;
        }

        mount = new NsfsMount(Unescape(mountPoint), type.ToString(), inode);
        return true;
    }

    // The root of an nsfs mount reads like the /proc/PID/ns/* symlink target: "net:[4026532320]".
    private static bool TryParseNamespaceRoot(ReadOnlySpan<char> root, out ReadOnlySpan<char> type, out ulong inode)
    {
        type = default;
        inode = 0;
        var open = root.IndexOf(":[", StringComparison.Ordinal);
        if (open <= 0 || root.Length < open + 3 || root[^1] != ']')
        {
            return false;
        }

        type = root[..open];
        return ulong.TryParse(root[(open + 2)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }

    // The kernel writes space, tab, newline and backslash in paths as \ooo octal escapes (seq_path/mangle_path);
    // everything else, including non-ASCII UTF-8, is passed through unchanged.
    internal static string Unescape(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('\\') < 0)
        {
            return value.ToString();
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 3 < value.Length && IsOctal(value[i + 1]) && IsOctal(value[i + 2]) && IsOctal(value[i + 3]))
            {
                builder.Append((char)(((value[i + 1] - '0') << 6) | ((value[i + 2] - '0') << 3) | (value[i + 3] - '0')));
                i += 3;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsOctal(char c)
    {
        return c is >= '0' and <= '7';
    }
}
