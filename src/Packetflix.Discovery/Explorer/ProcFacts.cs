using System.Globalization;

namespace Packetflix.Discovery.Explorer;

/// <summary>Parsers for /proc/PID/status and /proc/PID/stat facts (proc_pid_status(5), proc_pid_stat(5)).</summary>
internal static class ProcFacts
{
    /// <summary>The value of a <c>Key:\tvalue</c> line of a status text; null when absent.</summary>
    public static string? StatusField(string status, string key)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (line.Length > key.Length && line.StartsWith(key, StringComparison.Ordinal) && line[key.Length] == ':')
            {
                return line[(key.Length + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Fields 19 (nice) and 41 (policy) of a stat text; parsing starts after the last ')' of comm.</summary>
    public static bool TryParseScheduling(string stat, out int nice, out int policy)
    {
        ArgumentNullException.ThrowIfNull(stat);
        nice = 0;
        policy = 0;
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        // After ')' the first field is 3 (state): field N is at index N - 3.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 41 - 3
            && int.TryParse(fields[19 - 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out nice)
            && int.TryParse(fields[41 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out policy);
    }

    /// <summary>sched_setscheduler(2) policy names.</summary>
    public static string PolicyName(int policy) => policy switch
    {
        0 => "SCHED_OTHER",
        1 => "SCHED_FIFO",
        2 => "SCHED_RR",
        3 => "SCHED_BATCH",
        5 => "SCHED_IDLE",
        6 => "SCHED_DEADLINE",
        _ => policy.ToString(CultureInfo.InvariantCulture),
    };
}
