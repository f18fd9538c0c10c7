using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// A pidfd for a process (pidfd_open(2)). Unlike a pid, it cannot be recycled: it keeps referring to the same
/// process, and it becomes readable (POLLIN) once that process exits, so a capture can end when its container does.
/// </summary>
public sealed class ProcessExitWatch : IDisposable
{
    private ProcessExitWatch(SafeFileHandle handle)
    {
        Handle = handle;
    }

    /// <summary>The pidfd; pollable for POLLIN, which signals that the process has exited.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Opens a pidfd, or returns null if the process does not exist (ESRCH) or pidfds are unavailable.</summary>
    public static ProcessExitWatch? TryOpen(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        var fd = Interop.Libc.pidfd_open(pid);
        if (fd < 0)
        {
            // ESRCH: gone already; ENOSYS: kernel older than 5.3. Either way the caller cannot watch this process,
            // and the errno adds nothing the caller could act on.
            return null;
        }

        return new ProcessExitWatch(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>True once the process has exited (a zero-timeout poll reports POLLIN).</summary>
    public bool HasExited()
    {
        var result = FdPoll.Wait(Handle, Interop.Libc.PollIn, 0);
        return result.Ready && (result.Revents & Interop.Libc.PollIn) != 0;
    }

    public void Dispose()
    {
        Handle.Dispose();
    }
}
