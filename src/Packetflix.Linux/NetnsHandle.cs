using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// An open, verified reference to a network namespace. Holding the fd keeps the namespace alive even after its
/// last process exits (namespaces(7)), so a capture can be set up and run against a stable target; this is the
/// "lock the netns" step of docs/protocol.md §6 step 6.
/// </summary>
public sealed class NetnsHandle : IDisposable
{
    private NetnsHandle(SafeFileHandle handle, ulong inode, string path, int? watchPid)
    {
        Handle = handle;
        Inode = inode;
        Path = path;
        WatchPid = watchPid;
    }

    /// <summary>The nsfs fd, for <see cref="NetnsThread"/>; owned by this object.</summary>
    public SafeFileHandle Handle { get; }

    public ulong Inode { get; }

    /// <summary>The path the netns was opened from (only for logs; the fd is what counts).</summary>
    public string Path { get; }

    /// <summary>A process that lived in the netns when it was opened, if it was found through one.</summary>
    public int? WatchPid { get; }

    /// <summary>
    /// Locates and opens the netns with <paramref name="inode"/>. If <paramref name="pid"/> &gt; 0, the process must
    /// still exist with start time <paramref name="startTime"/> (field 22 of /proc/PID/stat); like upstream (lxkns
    /// PortableReference), a pid with start time 0 never matches.
    /// </summary>
    public static NetnsOpenResult Open(ulong inode, long pid, ulong startTime, NetnsLocator locator)
    {
        ArgumentNullException.ThrowIfNull(locator);

        var location = locator.Locate(inode);
        if (location is null)
        {
            return new NetnsOpenResult(NetnsOpenStatus.NotFound, null);
        }

        SafeFileHandle fd;
        try
        {
            // File.OpenHandle opens with O_RDONLY | O_CLOEXEC, which is all setns(2) needs.
            fd = File.OpenHandle(location.Path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The process exited or the bind mount went away between locating and opening.
            return new NetnsOpenResult(NetnsOpenStatus.NotFound, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new NetnsOpenResult(NetnsOpenStatus.Failed, null);
        }

        if (!NamespaceInode.TryGet(fd, out var actual))
        {
            fd.Dispose();
            return new NetnsOpenResult(NetnsOpenStatus.Failed, null);
        }

        if (actual != inode)
        {
            // The pid behind the path was reused by a process in another netns after we located it.
            fd.Dispose();
            return new NetnsOpenResult(NetnsOpenStatus.NotFound, null);
        }

        if (pid > 0 && !ProcessMatches(pid, startTime))
        {
            fd.Dispose();
            return new NetnsOpenResult(NetnsOpenStatus.ProcessMismatch, null);
        }

        return new NetnsOpenResult(NetnsOpenStatus.Opened, new NetnsHandle(fd, inode, location.Path, location.Pid));
    }

    public void Dispose()
    {
        Handle.Dispose();
    }

    /// <summary>The one check that a pid still names the process it named when <paramref name="startTime"/> was read
    /// (field 22 of /proc/PID/stat, proc(5)); pids are reused, the pair is not.</summary>
    public static bool ProcessMatches(long pid, ulong startTime)
    {
        // Pids are at most 2^22 on Linux (pid_max, proc(5)); anything beyond int cannot exist.
        return startTime != 0
            && pid <= int.MaxValue
            && ProcStat.TryReadStartTime((int)pid, out var actual)
            && actual == startTime;
    }
}
