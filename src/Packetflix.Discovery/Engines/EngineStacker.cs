using Packetflix.Linux;

namespace Packetflix.Discovery.Engines;

/// <summary>
/// Builds the snapshot from the watchers' portfolios: host PIDs (<see cref="PidTranslator"/>) and each engine's prefix.
/// An engine is enclosed by the container whose initial process (or its shim, the initial process's parent) is the
/// first one found climbing the engine's process ancestry; the prefix is the enclosing containers' names, outermost
/// first, joined by '/' (turtlefinder's stacking). Host engines have prefix "".
/// </summary>
internal static class EngineStacker
{
    private const int MaxDepth = 16;

    public static EngineSnapshot Build(ProcessTable table, IReadOnlyList<EngineWatcher> watchers)
    {
        var found = new List<(EngineWatcher Watcher, EngineContainer Container, int HostPid)>();
        foreach (var watcher in watchers)
        {
            var translator = new PidTranslator(table, watcher.Info.Pid);
            foreach (var container in watcher.Containers)
            {
                if (translator.ToHost(container.Pid) is > 0 and var hostPid)
                {
                    found.Add((watcher, container, hostPid));
                }
            }
        }

        var enclosing = FindEnclosing(table, watchers, found.Select(f => (f.Watcher.Info.Pid, f.HostPid)).ToList());
        var prefixes = new Dictionary<int, string>();
        string PrefixOf(int enginePid, int depth)
        {
            if (prefixes.TryGetValue(enginePid, out var known))
            {
                return known;
            }

            var prefix = "";
            if (depth < MaxDepth && enclosing.TryGetValue(enginePid, out var index))
            {
                var outer = PrefixOf(found[index].Watcher.Info.Pid, depth + 1);
                var name = found[index].Container.Name;
                prefix = outer.Length == 0 ? name : $"{outer}/{name}";
            }

            prefixes[enginePid] = prefix;
            return prefix;
        }

        var engines = watchers.Select(w => w.Info with { Prefix = PrefixOf(w.Info.Pid, 0) }).ToList();
        var containers = found.Select(f => new ContainerInfo(
            f.Container.Id,
            f.Container.Name,
            f.Watcher.ContainerType,
            f.HostPid,
            f.Container.Paused ? "paused" : "running",
            f.Container.Labels,
            PrefixOf(f.Watcher.Info.Pid, 0),
            f.Watcher.Info.Id)
        {
            Ports = f.Container.Ports,
        }).ToList();
        return new EngineSnapshot(engines, containers);
    }

    /// <summary>Engine PID → index (into <paramref name="containers"/>) of the container that encloses it.</summary>
    private static Dictionary<int, int> FindEnclosing(
        ProcessTable table, IReadOnlyList<EngineWatcher> watchers, List<(int EnginePid, int HostPid)> containers)
    {
        var enginePids = watchers.Select(w => w.Info.Pid).ToHashSet();
        var byPid = new Dictionary<int, int>();
        for (var i = 0; i < containers.Count; i++)
        {
            byPid.TryAdd(containers[i].HostPid, i);
        }

        // Shims second, so an initial process always wins over a shim with the same PID. PID 1 and engines are never
        // shims: a container started by an engine without a shim would otherwise "enclose" every engine.
        for (var i = 0; i < containers.Count; i++)
        {
            if (table.Get(containers[i].HostPid)?.PPid is > 1 and var parent && !enginePids.Contains(parent))
            {
                byPid.TryAdd(parent, i);
            }
        }

        var result = new Dictionary<int, int>();
        foreach (var enginePid in enginePids)
        {
            var seen = new HashSet<int>();
            for (var pid = enginePid; pid > 1 && seen.Add(pid); pid = table.Get(pid)?.PPid ?? 0)
            {
                // A container of the engine itself cannot enclose it.
                if (byPid.TryGetValue(pid, out var index) && containers[index].EnginePid != enginePid)
                {
                    result[enginePid] = index;
                    break;
                }
            }
        }

        return result;
    }
}
