using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>Every namespace of every type at one moment, with the processes' namespace memberships.</summary>
/// <param name="Nodes">By (type, inode).</param>
/// <param name="Memberships">Each scanned process' namespaces by type.</param>
/// <param name="Processes">The process table the scan used.</param>
/// <param name="Vanished">Processes listed but gone before their namespaces could be read.</param>
internal sealed record NamespaceSnapshot(
    IReadOnlyDictionary<(NamespaceType Type, ulong Inode), NamespaceNode> Nodes,
    IReadOnlyDictionary<int, Dictionary<NamespaceType, ulong>> Memberships,
    ProcessTable Processes,
    int Vanished)
{
    public NamespaceNode? Find(NamespaceType type, ulong inode) => Nodes.GetValueOrDefault((type, inode));

    /// <summary>The namespace of <paramref name="type"/> that <paramref name="pid"/> is in; 0 when unknown.</summary>
    public ulong Of(int pid, NamespaceType type) =>
        Memberships.TryGetValue(pid, out var map) && map.TryGetValue(type, out var inode) ? inode : 0;
}
