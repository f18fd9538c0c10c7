using System.Globalization;

namespace Packetflix.Linux;

/// <summary>Reads <c>starttime</c> (field 22, clock ticks since boot) from /proc/PID/stat, see proc_pid_stat(5).</summary>
internal static class ProcStat
{
    // starttime is field 22 overall. Fields 1 (pid) and 2 (comm) come before the last ')', so after it the
    // first field is 3 (state) and starttime is the 20th.
    private const int StartTimeIndexAfterComm = 19;

    /// <summary>
    /// Parses the contents of a stat file. comm may contain spaces and ')' (a process may name itself anything),
    /// so parsing starts after the LAST ')', as the kernel's own tools and upstream Packetflix do.
    /// </summary>
    public static bool TryParseStartTime(ReadOnlySpan<char> statContents, out ulong startTime)
    {
        startTime = 0;
        var close = statContents.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        var rest = statContents[(close + 1)..];
        var index = 0;
        foreach (var range in rest.SplitAny(' ', '\n'))
        {
            var field = rest[range];
            if (field.IsEmpty)
            {
                continue;
            }

            if (index == StartTimeIndexAfterComm)
            {
                return ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out startTime);
            }

            index++;
        }

        return false;
    }

    /// <summary>Reads /proc/<paramref name="pid"/>/stat; false if the process is gone or the file is unreadable.</summary>
    public static bool TryReadStartTime(int pid, out ulong startTime)
    {
        return TryReadStartTime("/proc", pid, out startTime);
    }

    /// <summary>As <see cref="TryReadStartTime(int, out ulong)"/>, below another procfs root (tests use fake trees).</summary>
    public static bool TryReadStartTime(string procRoot, int pid, out ulong startTime)
    {
        string contents;
        try
        {
            contents = File.ReadAllText($"{procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited (ENOENT/ESRCH) or we may not read it: both mean "cannot verify".
            startTime = 0;
            return false;
        }

        return TryParseStartTime(contents, out startTime);
    }
}
