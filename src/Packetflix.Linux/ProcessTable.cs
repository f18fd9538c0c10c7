using System.Globalization;

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
        foreach (var directory in System.IO.Directory.EnumerateDirectories(procRoot))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (TryRead(directory, pid) is { } info)
            {
                processes.Add(info);
            }
        }

        return new ProcessTable(processes);
    }

    /// <summary>Reads one process; null when it vanished or cannot be read.</summary>
    public static ProcessInfo? TryRead(string directory, int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(directory, "stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open || !ProcStat.TryParseStartTime(stat, out var startTime))
        {
            return null;
        }

        var comm = stat[(open + 1)..close];
        // After the last ')' come state (field 3) and ppid (field 4).
        var rest = stat.AsSpan(close + 2);
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

        return new ProcessInfo(pid, ppid, comm, startTime,
            NamespaceLinkInode(Path.Combine(directory, "ns", "net")),
            NamespaceLinkInode(Path.Combine(directory, "ns", "mnt")),
            NamespaceLinkInode(Path.Combine(directory, "ns", "pid")),
            ReadNsPids(directory, pid));
    }

    /// <summary>Namespace links read as <c>type:[inode]</c> (namespaces(7)); readlink is cheaper than stat.</summary>
    private static ulong NamespaceLinkInode(string path)
    {
        try
        {
            var target = new FileInfo(path).LinkTarget;
            if (target is null)
            {
                return 0;
            }

            var open = target.IndexOf('[', StringComparison.Ordinal);
            var close = target.IndexOf(']', StringComparison.Ordinal);
            return open >= 0 && close > open
                && ulong.TryParse(target.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                ? inode
                : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
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
