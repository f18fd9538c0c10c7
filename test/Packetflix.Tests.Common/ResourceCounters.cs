namespace Packetflix.Tests.Common;

/// <summary>Reads this process's fd, thread and child counts from /proc.</summary>
public static class ResourceCounters
{
    /// <summary>
    /// Takes a snapshot. OpenFds includes the fd used to list /proc/self/fd itself, consistently in every snapshot.
    /// ChildProcesses counts processes whose PPid is us, zombies included (an unreaped child is a leak too).
    /// </summary>
    public static ResourceSnapshot Take()
    {
        var self = Environment.ProcessId;
        var fds = Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        var threads = Directory.EnumerateDirectories("/proc/self/task").Count();
        var children = ProcFs.EnumeratePids().Count(pid => ProcFs.ReadParentPid(pid) == self);
        return new ResourceSnapshot(fds, threads, children);
    }
}
