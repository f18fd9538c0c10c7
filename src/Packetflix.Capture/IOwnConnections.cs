namespace Packetflix.Capture;

/// <summary>The live connections that carry our own streams (docs/architecture.md, "Our own traffic"): a capture in
/// the namespace where they live leaves them out, and follows the set as it changes.</summary>
public interface IOwnConnections
{
    /// <summary>The network namespace (nsfs inode) our sockets live in; only captures there see these connections.</summary>
    public ulong NetnsInode { get; }

    /// <summary>Changes whenever a connection comes or goes; cheap to read on every loop iteration.</summary>
    public long Version { get; }

    /// <summary>The current connections and the <see cref="Version"/> they belong to.</summary>
    public IReadOnlyList<OwnConnection> Snapshot(out long version);
}
