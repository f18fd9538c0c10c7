using Packetflix.Linux;

namespace Packetflix.Discovery.Engines;

/// <summary>
/// Translates PIDs an engine reports from inside its own PID namespace into host PIDs: among the processes in the
/// engine's PID-namespace subtree, the one whose NSpid entry at the engine's level equals the reported PID
/// (proc_pid_status(5) NSpid, outermost first). Engines in the host PID namespace report host PIDs already.
/// </summary>
internal sealed class PidTranslator
{
    private readonly ProcessTable _table;
    private readonly ProcessInfo? _engine;
    private readonly Dictionary<int, bool> _inSubtree = [];
    private Dictionary<int, int>? _map;

    public PidTranslator(ProcessTable table, int enginePid)
    {
        _table = table;
        _engine = table.Get(enginePid);
    }

    /// <summary>Host PID, or 0 when the engine is nested and no such process is in the table.</summary>
    public int ToHost(int reportedPid)
    {
        if (_engine is null || _engine.NsPids.Count <= 1)
        {
            return reportedPid;
        }

        _map ??= BuildMap(_engine);
        return _map.GetValueOrDefault(reportedPid);
    }

    private Dictionary<int, int> BuildMap(ProcessInfo engine)
    {
        var level = engine.NsPids.Count - 1;
        var map = new Dictionary<int, int>();
        foreach (var process in _table.ByPid.Values)
        {
            if (process.NsPids.Count > level && InSubtree(process.Pid, engine.PidnsInode))
            {
                map.TryAdd(process.NsPids[level], process.Pid);
            }
        }

        return map;
    }

    /// <summary>True when the process or an ancestor is in the engine's PID namespace: every process of a nested PID
    /// namespace descends from that namespace's init, whose parent lives one level up.</summary>
    private bool InSubtree(int pid, ulong pidns)
    {
        var path = new List<int>();
        var result = false;
        for (var current = pid; current > 0;)
        {
            if (_inSubtree.TryGetValue(current, out var known))
            {
                result = known;
                break;
            }

            path.Add(current);
            if (_table.Get(current) is not { } process || path.Count > 4096)
            {
                break;
            }

            if (process.PidnsInode == pidns && pidns != 0)
            {
                result = true;
                break;
            }

            current = process.PPid;
        }

        foreach (var visited in path)
        {
            _inSubtree[visited] = result;
        }

        return result;
    }
}
