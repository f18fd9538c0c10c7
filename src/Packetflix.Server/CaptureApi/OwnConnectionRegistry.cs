using Packetflix.Capture;
using Packetflix.Linux;

namespace Packetflix.Server.CaptureApi;

/// <summary>The Kestrel connections that carry our capture streams and downloads (docs/architecture.md, "Our own
/// traffic"). A session registers its connection before its capture opens and keeps it registered until its lease
/// is released; every capture in our namespace reads the set (<see cref="IOwnConnections"/>) and leaves those
/// connections out, so a capture of the interface a stream runs over does not feed on its own output.</summary>
internal sealed class OwnConnectionRegistry : IOwnConnections
{
    private readonly Lock _lock = new();
    private readonly Dictionary<OwnConnection, int> _connections = [];
    private OwnConnection[] _snapshot = [];
    private long _version;

    public OwnConnectionRegistry()
        : this(ProcessNamespaces.LinkInode("/proc/self/ns/net"))
    {
    }

    /// <param name="netnsInode">The namespace our sockets live in: the process's own (Kestrel's threads never setns).</param>
    public OwnConnectionRegistry(ulong netnsInode) => NetnsInode = netnsInode;

    public ulong NetnsInode { get; }

    public long Version => Volatile.Read(ref _version);

    public IReadOnlyList<OwnConnection> Snapshot(out long version)
    {
        lock (_lock)
        {
            version = _version;
            return _snapshot;
        }
    }

    /// <summary>Adds a connection until the returned handle is disposed; the same connection may be registered more
    /// than once (HTTP/1.1 keep-alive downloads one after another) and stays until the last one leaves.</summary>
    public IDisposable Register(OwnConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_lock)
        {
            _connections[connection] = _connections.GetValueOrDefault(connection) + 1;
            Changed();
        }

        return new Registration(this, connection);
    }

    private void Unregister(OwnConnection connection)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connection, out var count) && --count > 0)
            {
                _connections[connection] = count;
                return;
            }

            _connections.Remove(connection);
            Changed();
        }
    }

    private void Changed()
    {
        _snapshot = [.. _connections.Keys];
        Volatile.Write(ref _version, _version + 1);
    }

    private sealed class Registration(OwnConnectionRegistry registry, OwnConnection connection) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.Unregister(connection);
            }
        }
    }
}
