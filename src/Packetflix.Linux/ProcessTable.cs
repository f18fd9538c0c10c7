using System.Globalization;
using System.Text;

namespace Packetflix.Linux;

/// <summary>
/// A snapshot of every process: identity, parent, namespaces, nested PIDs. Processes that vanish or cannot be
/// read while scanning are simply left out; that is an expected outcome on a live host, not an error.
/// </summary>
public sealed class ProcessTable
{
    private readonly Dictionary<int, ProcessInfo> _byPid;
    private readonly Dictionary<int, List<int>> _children = [];

    public ProcessTable(IEnumerable<ProcessInfo> processes)
    {
        _byPid = processes.ToDictionary(p => p.Pid);
        foreach (var process in _byPid.Values)
        {
            if (!_children.TryGetValue(process.PPid, out var list))
            {
                _children[process.PPid] = list = [];
            }

            list.Add(process.Pid);
        }
    }

    public IReadOnlyDictionary<int, ProcessInfo> ByPid => _byPid;

    public ProcessInfo? Get(int pid) => _byPid.GetValueOrDefault(pid);

    public IEnumerable<ProcessInfo> Children(int pid) =>
        _children.TryGetValue(pid, out var list) ? list.Select(c => _byPid[c]) : [];

    /// <summary>Scans <paramref name="procRoot"/> (default /proc).</summary>
    public static ProcessTable Scan(string procRoot = "/proc")
    {
        var processes = new List<ProcessInfo>();
        // PID 1 of a procfs is the init of the PID namespace the procfs belongs to; a process in that namespace has
        // a single NSpid entry, its PID, so its status (slow for the kernel to render) need not be read.
        var rootPidns = ProcFile.NamespaceLinkInode(Path.Combine(procRoot, "1", "ns", "pid"));
        foreach (var directory in System.IO.Directory.EnumerateDirectories(procRoot))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (TryRead(directory, pid, rootPidns) is { } info)
            {
                processes.Add(info);
            }
        }

        return new ProcessTable(processes);
    }

    /// <summary>Reads one process; null when it vanished or cannot be read.</summary>
    public static ProcessInfo? TryRead(string directory, int pid) => TryRead(directory, pid, 0);

    /// <summary>Reads one process; <paramref name="rootPidns"/> is the PID namespace of the procfs (0: unknown).</summary>
    private static ProcessInfo? TryRead(string directory, int pid, ulong rootPidns)
    {
        // stat is one line of at most 52 numeric fields and a comm of at most 64 bytes (proc_pid_stat(5)).
        Span<byte> bytes = stackalloc byte[2048];
        Span<char> path = stackalloc char[directory.Length + 16];
        var length = ProcFile.Read(Join(path, directory, "/stat"), bytes);
        if (length <= 0 || length == bytes.Length)
        {
            return null;
        }

        Span<char> stat = stackalloc char[length];
        stat = stat[..Encoding.UTF8.GetChars(bytes[..length], stat)];
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 > stat.Length || !ProcStat.TryParseStartTime(stat, out var startTime))
        {
            return null;
        }

        // After the last ')' come state (field 3) and ppid (field 4).
        var rest = stat[(close + 2)..];
        var space = rest.IndexOf(' ');
        if (space < 0)
        {
            return null;
        }

        rest = rest[(space + 1)..];
        space = rest.IndexOf(' ');
        if (space < 0 || !int.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid))
        {
            return null;
        }

        var comm = new string(stat[(open + 1)..close]);
        var pidns = ProcFile.NamespaceLinkInode(Join(path, directory, "/ns/pid"));
        return new ProcessInfo(pid, ppid, comm, startTime,
            ProcFile.NamespaceLinkInode(Join(path, directory, "/ns/net")),
            ProcFile.NamespaceLinkInode(Join(path, directory, "/ns/mnt")),
            pidns,
            pidns != 0 && pidns == rootPidns ? [pid] : ReadNsPids(directory, pid));
    }

    private static ReadOnlySpan<char> Join(Span<char> buffer, string directory, string file)
    {
        directory.CopyTo(buffer);
        file.CopyTo(buffer[directory.Length..]);
        return buffer[..(directory.Length + file.Length)];
    }

    private static int[] ReadNsPids(string directory, int pid)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
            {
                if (line.StartsWith("NSpid:", StringComparison.Ordinal))
                {
                    return [.. line[6..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)
                        .Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture))];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // Gone or unreadable: treat as not nested.
        }

        return [pid];
    }
}
