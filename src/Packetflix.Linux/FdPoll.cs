using System.Runtime.InteropServices;

namespace Packetflix.Linux;

/// <summary>
/// Waits on one fd with poll(2). The fd is taken from a SafeHandle that is ref-counted for the duration of the
/// call, so a concurrent Dispose cannot close (and the kernel cannot reuse) the fd while we poll it.
/// </summary>
internal static class FdPoll
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
