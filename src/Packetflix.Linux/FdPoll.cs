using System.Runtime.InteropServices;

namespace Packetflix.Linux;

/// <summary>
/// Waits on one fd with poll(2). The fd is taken from a SafeHandle that is ref-counted for the duration of the
/// call, so a concurrent Dispose cannot close (and the kernel cannot reuse) the fd while we poll it.
/// </summary>
public static class FdPoll
{
    /// <summary>Waits until <paramref name="handle"/> reports one of <paramref name="events"/> or the timeout (ms, -1 = forever) expires.</summary>
    public static PollResult Wait(SafeHandle handle, short events, int timeoutMs)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Wait((int)handle.DangerousGetHandle(), events, timeoutMs);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Waits until the pcap handle's selectable fd (pcap_get_selectable_fd(3PCAP)) is readable or the timeout expires.</summary>
    public static PollResult WaitReadable(SafePcapHandle pcap, int timeoutMs)
    {
        var added = false;
        try
        {
            pcap.DangerousAddRef(ref added);
            var fd = Interop.Pcap.pcap_get_selectable_fd(pcap);
            if (fd < 0)
            {
                // libpcap returns PCAP_ERROR when the handle has no selectable fd (not on Linux captures).
                return new PollResult(false, 0, Errno.EBADF);
            }

            return Wait(fd, Interop.Libc.PollIn, timeoutMs);
        }
        finally
        {
            if (added)
            {
                pcap.DangerousRelease();
            }
        }
    }

    /// <summary>Waits until any of <paramref name="fds"/> is readable or the timeout (ms) expires. EINTR and errors
    /// just end the wait: the caller reads each fd next, and the read reports its own error.</summary>
    /// <remarks>The fds are selectable fds of handles the caller keeps open for the duration of the call.</remarks>
    public static unsafe void WaitAnyReadable(ReadOnlySpan<int> fds, int timeoutMs)
    {
        const int StackLimit = 64;
        var pollFds = fds.Length <= StackLimit ? stackalloc Interop.Libc.PollFd[StackLimit] : new Interop.Libc.PollFd[fds.Length];
        for (var i = 0; i < fds.Length; i++)
        {
            pollFds[i] = new Interop.Libc.PollFd { Fd = fds[i], Events = Interop.Libc.PollIn };
        }

        fixed (Interop.Libc.PollFd* pointer = pollFds)
        {
            _ = Interop.Libc.poll(pointer, (nuint)fds.Length, timeoutMs);
        }
    }

    private static unsafe PollResult Wait(int fd, short events, int timeoutMs)
    {
        var pollFd = new Interop.Libc.PollFd { Fd = fd, Events = events };
        var rc = Interop.Libc.poll(&pollFd, 1, timeoutMs);
        if (rc < 0)
        {
            // EINTR is expected (a signal arrived); the caller simply polls again.
            return new PollResult(false, 0, LinuxError.Last());
        }

        return new PollResult(rc > 0, pollFd.Revents, Errno.None);
    }
}
