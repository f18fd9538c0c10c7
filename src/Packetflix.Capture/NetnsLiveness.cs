using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// Tells whether a captured network namespace is still in use by anything but us. Our own fd keeps the namespace
/// alive after its container died (namespaces(7)), so without this check a capture of a killed container would
/// run forever on a dead, empty namespace. A pidfd makes the common case (the process is alive) one poll(2).
/// The lookup otherwise needed (every process's namespace links, every mount namespace's mount table) runs on the
/// thread pool, never on the capture thread that asks: while it ran there, no ring was read and no batch flushed.
/// </summary>
internal sealed class NetnsLiveness : IDisposable
{
    /// <summary>How often a namespace that only a bind mount holds is looked up again; that lookup scans /proc.</summary>
    private static readonly TimeSpan BindMountRecheck = TimeSpan.FromSeconds(2);

    private readonly NetnsLocator _locator;
    private ProcessExitWatch? _watch;
    private int _watchedPid;
    private long _nextLookup;
    private Task<NetnsLocation?>? _lookup;

    public NetnsLiveness(ulong inode, int? pid, NetnsLocator locator)
    {
        Inode = inode;
        _locator = locator;
        if (pid is { } p)
        {
            Watch(p);
        }
    }

    public ulong Inode { get; }

    /// <summary>Returns false when the namespace has no process and no bind mount left.</summary>
    public bool IsAlive(long timestamp, TimeProvider time, Action<int>? onWatchedExit = null)
    {
        if (_watch is not null)
        {
            if (!_watch.HasExited())
            {
                return true;
            }

            onWatchedExit?.Invoke(_watchedPid);
            _watch.Dispose();
            _watch = null;
        }
        else if (_lookup is null && timestamp < _nextLookup)
        {
            return true;
        }

        // Alive until the lookup says otherwise; the caller asks again at its next liveness check.
        _lookup ??= Task.Run(() => _locator.Locate(Inode));
        if (!_lookup.IsCompleted)
        {
            return true;
        }

        var lookup = _lookup;
        _lookup = null;
        if (!lookup.IsCompletedSuccessfully)
        {
            // A failed scan says nothing about the namespace (observed here); look again at the next check.
            _ = lookup.Exception;
            _nextLookup = timestamp;
            return true;
        }

        _nextLookup = timestamp + (long)(BindMountRecheck.TotalSeconds * time.TimestampFrequency);
        var location = lookup.Result;
        if (location is null)
        {
            return false;
        }

        if (location.Pid is { } pid)
        {
            Watch(pid);
        }

        return true;
    }

    private void Watch(int pid)
    {
        _watch = ProcessExitWatch.TryOpen(pid);
        _watchedPid = pid;
    }

    public void Dispose() => _watch?.Dispose();
}
