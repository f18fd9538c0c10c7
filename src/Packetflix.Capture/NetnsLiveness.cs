using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// Tells whether a captured network namespace is still in use by anything but us. Our own fd keeps the namespace
/// alive after its container died (namespaces(7)), so without this check a capture of a killed container would
/// run forever on a dead, empty namespace. A pidfd makes the common case (the process is alive) one poll(2).
/// </summary>
internal sealed class NetnsLiveness : IDisposable
{
    /// <summary>How often a namespace that only a bind mount holds is looked up again; that lookup scans /proc.</summary>
    private static readonly TimeSpan BindMountRecheck = TimeSpan.FromSeconds(2);

    private readonly NetnsLocator _locator;
    private ProcessExitWatch? _watch;
    private int _watchedPid;
    private long _nextLookup;

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
        else if (timestamp < _nextLookup)
        {
            return true;
        }

        var location = _locator.Locate(Inode);
        if (location is null)
        {
            return false;
        }

        if (location.Pid is { } pid)
        {
            Watch(pid);
        }

        _nextLookup = timestamp + (long)(BindMountRecheck.TotalSeconds * time.TimestampFrequency);
        return true;
    }

    private void Watch(int pid)
    {
        _watch = ProcessExitWatch.TryOpen(pid);
        _watchedPid = pid;
    }

    public void Dispose() => _watch?.Dispose();
}
