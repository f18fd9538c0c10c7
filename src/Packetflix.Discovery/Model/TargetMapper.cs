using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Namespaces;
using Packetflix.Linux;

namespace Packetflix.Discovery.Model;

/// <summary>
/// Decides the capture targets of every netns (docs/discovery.md "Targets", docs/protocol.md §10): one per container, one per
/// pod (its CRI or dockershim containers dropped), one per stand-alone process leader (<c>comm(pid)</c>), and a <c>bindmount</c>
/// pseudo target for a netns that has no tenant at all.
/// </summary>
internal static class TargetMapper
{
    /// <summary>Type of CRI containers as <see cref="ContainerInfo.Type"/> reports it.</summary>
    public const string CriType = "CRI";

    private const string SandboxLabel = "io.kubernetes.sandbox";

    // dockershim and cri-dockerd run pods as plain Docker containers and mark the sandbox (the "pause" container,
    // named k8s_POD_<pod>_<ns>_<uid>_<n>) with this label; KinD-style nested nodes report them the same way.
    private const string DockerTypeLabel = "io.kubernetes.docker.type";
    private const string DockerSandboxType = "podsandbox";
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>
    /// The process that stands for a leader: a launcher such as <c>unshare --net --pid --fork</c> enters the new netns
    /// itself and forks the init of a new PID namespace; that init (PID 1 inside, NSpid one level deeper) is what a
    /// user calls the container, so it replaces its launcher, as a shim's child does for engine containers.
    /// </summary>
    public static ProcessInfo Representative(ProcessInfo leader, ProcessTable processes)
    {
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(processes);
        return processes.Children(leader.Pid).FirstOrDefault(c =>
            c.NetnsInode == leader.NetnsInode && c.NsPids.Count > leader.NsPids.Count && c.NsPids[^1] == 1) ?? leader;
    }

    public static Dictionary<ulong, List<TargetInfo>> Map(
        IReadOnlyDictionary<ulong, NetnsRecord> records, ProcessTable processes, EngineSnapshot engines)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(engines);
        var targets = records.Keys.ToDictionary(k => k, _ => new List<TargetInfo>());
        var containerPids = new HashSet<int>();

        // (netns, pidns) of container processes: a leader there (e.g. a `docker exec` shell, whose parent is the shim
        // outside) belongs to the container and is no stand-alone process.
        var containerScopes = new HashSet<(ulong, ulong)>();
        var pods = new Dictionary<(ulong Netns, string Pod, string Prefix), List<(ContainerInfo Container, ProcessInfo Process)>>();
        foreach (var container in engines.Containers)
        {
            var process = processes.Get(container.Pid);
            if (process is null || process.NetnsInode == 0 || !targets.TryGetValue(process.NetnsInode, out var list))
            {
                // Exited since the engine reported it, or outside what we can see.
                continue;
            }

            containerPids.Add(process.Pid);
            containerScopes.Add((process.NetnsInode, process.PidnsInode));
            // Any engine's containers with the pod labels form one pod target, as Ghostwire shows them: CRI through
            // containerd, and Docker containers of a dockershim/cri-dockerd kubelet (io.kubernetes.pod.* labels).
            if (container.PodName is { } pod)
            {
                var key = (process.NetnsInode, pod, container.Prefix);
                if (!pods.TryGetValue(key, out var members))
                {
                    pods[key] = members = [];
                }

                members.Add((container, process));
                continue;
            }

            list.Add(new TargetInfo(container.Name, container.Type, container.Prefix, container.Id, container.State,
                container.Pid, process.StartTime, container.Labels, container.PodName)
            {
                Ports = container.Ports,
            });
        }

        foreach (var ((netns, pod, prefix), members) in pods)
        {
            var (first, firstProcess) = members[0];
            var sandbox = members.Select(m => m.Container).FirstOrDefault(IsSandbox) ?? first;
            targets[netns].Add(new TargetInfo(pod, "pod", prefix, sandbox.Id, first.State, first.Pid, firstProcess.StartTime,
                sandbox.Labels, pod));
        }

        foreach (var (inode, record) in records)
        {
            var list = targets[inode];
            foreach (var leader in record.Leaders.Select(l => Representative(l, processes)).Distinct())
            {
                if (NamespaceScanner.IsKernelThread(leader) || containerPids.Contains(leader.Pid)
                    || containerScopes.Contains((inode, leader.PidnsInode)))
                {
                    continue;
                }

                list.Add(new TargetInfo($"{leader.Comm}({leader.Pid})", "proc", string.Empty, string.Empty, "running",
                    leader.Pid, leader.StartTime, NoLabels, null));
            }

            if (list.Count == 0 && record.BindMounts.Count > 0)
            {
                list.Add(new TargetInfo(string.Join(':', record.BindMounts), "bindmount", string.Empty, string.Empty, "running",
                    0, 0, NoLabels, null));
            }

            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Prefix, b.Prefix));
        }

        return targets;
    }

    private static bool IsSandbox(ContainerInfo container) =>
        container.Labels.ContainsKey(SandboxLabel)
        || (container.Labels.TryGetValue(DockerTypeLabel, out var type) && type == DockerSandboxType);
}
