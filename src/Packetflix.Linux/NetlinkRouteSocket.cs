using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// A raw AF_NETLINK/NETLINK_ROUTE socket (netlink(7), rtnetlink(7)): only the system calls; building and parsing
/// messages is the caller's business. It belongs to the netns of the thread that created it and stays there.
/// </summary>
public sealed unsafe class NetlinkRouteSocket : IDisposable
{
    private readonly SafeFileHandle _fd;

    private NetlinkRouteSocket(SafeFileHandle fd) => _fd = fd;

    /// <summary>Opens a socket in the calling thread's netns; a receive waits at most <paramref name="receiveTimeoutSeconds"/>.</summary>
    /// <exception cref="ErrnoException">socket(2) or setsockopt(2) failed.</exception>
    public static NetlinkRouteSocket Open(long receiveTimeoutSeconds)
    {
        var fd = Interop.Libc.socket(Interop.Libc.AfNetlink, Interop.Libc.SockRaw | Interop.Libc.SockCloexec, Interop.Libc.NetlinkRoute);
        if (fd.IsInvalid)
        {
            var errno = LinuxError.Last();
            fd.Dispose();
            throw new ErrnoException("socket(AF_NETLINK)", errno);
        }

        var timeout = new Interop.Libc.Timeval { Seconds = receiveTimeoutSeconds };
        if (Interop.Libc.setsockopt(fd, Interop.Libc.SolSocket, Interop.Libc.SoRcvtimeo, &timeout, (uint)sizeof(Interop.Libc.Timeval)) != 0)
        {
            var errno = LinuxError.Last();
            fd.Dispose();
            throw new ErrnoException("setsockopt(SO_RCVTIMEO)", errno);
        }

        return new NetlinkRouteSocket(fd);
    }

    /// <summary>send(2) of one request to the kernel.</summary>
    /// <exception cref="ErrnoException">send(2) failed.</exception>
    public void Send(ReadOnlySpan<byte> request)
    {
        fixed (byte* pointer = request)
        {
            if (Interop.Libc.send(_fd, pointer, request.Length, 0) < 0)
            {
                throw new ErrnoException("send(netlink)", LinuxError.Last());
            }
        }
    }

    /// <summary>recv(2) of one datagram into <paramref name="buffer"/>; retried on EINTR.</summary>
    /// <returns>The number of bytes received.</returns>
    /// <exception cref="ErrnoException">recv(2) failed (EAGAIN when the receive timeout expired).</exception>
    public int Receive(Span<byte> buffer)
    {
        while (true)
        {
            nint received;
            fixed (byte* pointer = buffer)
            {
                received = Interop.Libc.recv(_fd, pointer, buffer.Length, 0);
            }

            if (received >= 0)
            {
                return (int)received;
            }

            var errno = LinuxError.Last();
            if (errno != Errno.EINTR)
            {
                throw new ErrnoException("recv(netlink)", errno);
            }
        }
    }

    public void Dispose() => _fd.Dispose();
}
