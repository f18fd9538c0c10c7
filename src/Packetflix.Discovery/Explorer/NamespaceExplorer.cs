using Packetflix.Discovery.Namespaces;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>One live scan of all namespaces: processes, their /proc/PID/ns links, nsfs bind mounts, then the
/// ioctl_ns(2) relations.</summary>
internal static class NamespaceExplorer
{
    public static NamespaceSnapshot Scan()
    {
        var own = ProcessNamespaces.Read(Environment.ProcessId);
        NamespaceInode.TryGet("/proc/thread-self/ns/mnt", out var ownMntns);
        var processes = ProcessTable.Scan();
        var snapshot = NamespaceCollector.Collect(processes, pid => ProcessNamespaces.Read(pid),
            NamespaceScanner.ReadMountinfos(processes), ownMntns, own);
        NamespaceRelations.Resolve((Dictionary<(NamespaceType, ulong), NamespaceNode>)snapshot.Nodes);
        return snapshot;
    }
}
