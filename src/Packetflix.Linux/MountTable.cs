using System.Globalization;

namespace Packetflix.Linux;

/// <summary>
/// Parses the whole of a /proc/PID/mountinfo text (proc_pid_mountinfo(5)) in one pass over spans; a 10 000-line
/// table takes milliseconds. Malformed lines are counted and skipped, never thrown.
/// </summary>
public static class MountTable
{
    private const string Separator = " - ";

    /// <summary>Parses <paramref name="text"/>; <paramref name="skipped"/> counts the lines that were not understood.</summary>
    public static List<MountEntry> Parse(string text, out int skipped)
    {
        ArgumentNullException.ThrowIfNull(text);
        skipped = 0;
        var result = new List<MountEntry>();
        var span = text.AsSpan();
        foreach (var range in span.Split('\n'))
        {
            var line = span[range];
            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (TryParseLine(line, out var entry))
            {
                result.Add(entry);
            }
            else
            {
                skipped++;
            }
        }

        return result;
    }

    /// <summary>Reads and parses a mountinfo file; null when it cannot be read (process gone, no permission).</summary>
    public static List<MountEntry>? TryRead(string path, out int skipped)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped = 0;
            return null;
        }

        return Parse(text, out skipped);
    }

    private static bool TryParseLine(ReadOnlySpan<char> line, out MountEntry entry)
    {
        entry = null!;
        var separator = line.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return false;
        }

        var before = line[..separator];
        Span<Range> fields = stackalloc Range[6];
        var count = before.Split(fields, ' ', StringSplitOptions.None);
        if (count < 6
            || !int.TryParse(before[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(before[fields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
        {
            return false;
        }

        // The sixth range holds the options plus the optional fields (Split puts the rest into the last range).
        var tail = before[fields[5]];
        var space = tail.IndexOf(' ');
        var options = space < 0 ? tail : tail[..space];
        IReadOnlyList<string> optional = [];
        if (space >= 0)
        {
            var list = new List<string>(2);
            foreach (var part in tail[(space + 1)..].Split(' '))
            {
                if (tail[(space + 1)..][part] is { IsEmpty: false } value)
                {
                    list.Add(value.ToString());
                }
            }

            optional = list;
        }

        var after = line[(separator + Separator.Length)..];
        Span<Range> rest = stackalloc Range[3];
        if (after.Split(rest, ' ', StringSplitOptions.None) < 3)
        {
            return false;
        }

        entry = new MountEntry(id, parent, before[fields[2]].ToString(), MountInfo.Unescape(before[fields[3]]),
            MountInfo.Unescape(before[fields[4]]), options.ToString(), optional, after[rest[0]].ToString(),
            MountInfo.Unescape(after[rest[1]]), after[rest[2]].TrimEnd('\r').ToString());
        return true;
    }
}
