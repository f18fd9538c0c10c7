using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>One namespace of any type as the explorer found it (docs/discovery.md, "Namespaces").</summary>
internal sealed class NamespaceNode
{
    public NamespaceNode(NamespaceType type, ulong inode)
    {
        Type = type;
        Inode = inode;
    }

    public NamespaceType Type { get; }

    /// <summary>The nsfs inode: the namespace id.</summary>
    public ulong Inode { get; }

    /// <summary>True when PID 1 (or, if PID 1 cannot be read, this service) is in it.</summary>
    public bool Initial { get; set; }

    /// <summary>Processes in it (kernel threads excluded), by ascending PID.</summary>
    public List<ProcessInfo> Processes { get; } = [];

    /// <summary>Topmost processes of their tree that are still in it.</summary>
    public List<ProcessInfo> Leaders { get; } = [];

    /// <summary>The most senior leader (earliest start time, then lowest PID); null for a namespace without
    /// processes (kept alive by a bind mount, an open fd or as an owner/parent of other namespaces).</summary>
    public ProcessInfo? Ealdorman => Leaders.OrderBy(p => p.StartTime).ThenBy(p => p.Pid).FirstOrDefault();

    /// <summary>nsfs bind mount points referring to it, as seen in their own mount namespace.</summary>
    public List<string> BindMounts { get; } = [];

    /// <summary>Paths reachable from our mount namespace that open the bind mounts.</summary>
    public List<string> BindMountPaths { get; } = [];

    /// <summary>The owning user namespace (NS_GET_USERNS); for a user namespace, its parent's owner chain.</summary>
    public ulong? UserNamespace { get; set; }

    /// <summary>Parent PID or user namespace (NS_GET_PARENT); null for the other types and at our scope's top.</summary>
    public ulong? Parent { get; set; }

    /// <summary>For user namespaces: the UID of its creator (NS_GET_OWNER_UID).</summary>
    public uint? OwnerUid { get; set; }

    /// <summary>Why some of its facts are missing; null when complete.</summary>
    public string? Reason { get; set; }

    /// <summary>Paths that should open this namespace, best first.</summary>
    public IEnumerable<string> CandidatePaths =>
        Leaders.Concat(Processes.Except(Leaders)).Take(4)
            .Select(p => $"/proc/{p.Pid}/ns/{NamespaceTypes.Name(Type)}").Concat(BindMountPaths);
}
