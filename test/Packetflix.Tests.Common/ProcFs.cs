using System.Globalization;

namespace Packetflix.Tests.Common;

/// <summary>
/// Minimal /proc readers for the fixtures. Deliberately independent of Packetflix.Linux, so the fixtures do not
/// test the code under test with itself.
/// </summary>
public static class ProcFs
{
    // Field numbers from proc_pid_stat(5); fields 1-2 (pid, comm) precede the last ')', field 3 is the first after it.
    private const int ParentPidField = 4;
    private const int StartTimeField = 22;

    public static ulong? ReadStartTime(int pid)
    {
        return ReadStatField(pid, StartTimeField);
    }

    public static int? ReadParentPid(int pid)
    {
        var value = ReadStatField(pid, ParentPidField);
        return value is null ? null : (int)value.Value;
    }

    public static bool Exists(int pid)
    {
        return Directory.Exists($"/proc/{pid}");
    }

    /// <summary>Namespace id from the /proc/PID/ns/TYPE symlink text "net:[4026532320]".</summary>
    public static ulong? ReadNamespaceId(int pid, string type)
    {
        try
        {
            var target = new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget;
            if (target is null)
            {
                return null;
            }

            var open = target.IndexOf('[', StringComparison.Ordinal);
            return open < 0 ? null : ulong.Parse(target.AsSpan()[(open + 1)..^1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The nsfs inode of the process's network namespace (the number in <c>net:[N]</c>), which a target's
    /// <c>netns</c> names.</summary>
    /// <exception cref="InvalidOperationException">The process is gone or its namespace cannot be read.</exception>
    public static ulong NetnsOf(int pid) =>
        ReadNamespaceId(pid, "net") ?? throw new InvalidOperationException($"cannot read /proc/{pid}/ns/net");

    public static IEnumerable<int> EnumeratePids()
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static ulong? ReadStatField(int pid, int field)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = field - 3;
        return index < fields.Length && ulong.TryParse(fields[index], CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
