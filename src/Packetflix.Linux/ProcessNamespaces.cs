using System.Globalization;

namespace Packetflix.Linux;

/// <summary>The namespaces of one process, read from the /proc/PID/ns/* links (namespaces(7)).</summary>
public static class ProcessNamespaces
{
    /// <summary>
    /// The inode of each of the eight namespace types of <paramref name="pid"/>; a type whose link is missing (older
    /// kernel, e.g. no time namespaces) or unreadable is left out, and a vanished process yields an empty map.
    /// </summary>
    public static Dictionary<NamespaceType, ulong> Read(int pid, string procRoot = "/proc")
    {
        var result = new Dictionary<NamespaceType, ulong>(NamespaceTypes.All.Count);
        var directory = $"{procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/ns/";
        foreach (var type in NamespaceTypes.All)
        {
            if (LinkInode(directory + NamespaceTypes.Name(type)) is var inode and not 0)
            {
                result[type] = inode;
            }
        }

        return result;
    }

    /// <summary>The inode in a link target <c>type:[inode]</c>; 0 when gone or malformed.</summary>
    public static ulong LinkInode(string path)
    {
        try
        {
            var target = new FileInfo(path).LinkTarget;
            return target is not null && TryParseTarget(target, out var inode) ? inode : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Parses <c>net:[4026531840]</c>.</summary>
    public static bool TryParseTarget(string target, out ulong inode)
    {
        ArgumentNullException.ThrowIfNull(target);
        inode = 0;
        var open = target.IndexOf('[', StringComparison.Ordinal);
        var close = target.IndexOf(']', StringComparison.Ordinal);
        return open >= 0 && close > open
            && ulong.TryParse(target.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }
}
