using Packetflix.Linux;

namespace Packetflix.Discovery.Namespaces;

/// <summary>One network namespace found by <see cref="NamespaceScanner"/>, with what refers to it.</summary>
internal sealed class NetnsRecord
{
    public NetnsRecord(ulong inode) => Inode = inode;

    /// <summary>The nsfs inode: the netns id.</summary>
    public ulong Inode { get; }

    /// <summary>True for the host's netns (the one of PID 1).</summary>
    public bool Initial { get; set; }

    /// <summary>Processes in this netns (kernel threads excluded), by ascending PID.</summary>
    public List<ProcessInfo> Processes { get; } = [];

    /// <summary>Topmost processes of their tree that are still in this netns, by ascending PID.</summary>
    public List<ProcessInfo> Leaders { get; } = [];

    /// <summary>Mount points of nsfs bind mounts of this netns as seen in their mount namespace, host's first, distinct.</summary>
    public List<string> BindMounts { get; } = [];

    /// <summary>Paths reachable from our mount namespace that open the bind mounts (<c>/proc/PID/root/MOUNTPOINT</c>).</summary>
    public List<string> BindMountPaths { get; } = [];

    /// <summary>Paths that should open this netns, best first: leaders' /proc/PID/ns/net, then bind mounts.</summary>
    public IEnumerable<string> CandidatePaths =>
        Leaders.Concat(Processes.Except(Leaders)).Take(4).Select(p => $"/proc/{p.Pid}/ns/net").Concat(BindMountPaths);
}
