using System.Globalization;
using System.Text;

namespace Packetflix.Linux;

/// <summary>
/// Small /proc reads without a FileStream: a scan of the process table reads a stat file and three namespace links
/// for every process, and at thousands of processes the managed file path (fstat, advisory flock, buffers, a string
/// per file) was most of the cost. The fd never leaves the call, so a raw int is safe here.
/// </summary>
internal static class ProcFile
{
    // Longest path we build: "/proc/" + a PID + "/ns/mnt"; callers with longer roots fall back to nothing (-1).
    private const int MaxPath = 256;

    /// <summary>Reads up to <c>buffer.Length</c> bytes of <paramref name="path"/>; the count, or -1 when it cannot be
    /// opened or read (the process is gone, or we may not).</summary>
    public static unsafe int Read(ReadOnlySpan<char> path, Span<byte> buffer)
    {
        Span<byte> cpath = stackalloc byte[MaxPath];
        if (!TryTerminated(path, cpath))
        {
            return -1;
        }

        fixed (byte* p = cpath)
        fixed (byte* b = buffer)
        {
            var fd = Interop.Libc.OpenPath(p, Interop.Libc.OpenReadOnlyCloexec);
            if (fd < 0)
            {
                return -1;
            }

            try
            {
                var total = 0;
                while (total < buffer.Length)
                {
                    var n = Interop.Libc.ReadFd(fd, b + total, buffer.Length - total);
                    if (n <= 0)
                    {
                        return n < 0 && total == 0 ? -1 : total;
                    }

                    total += (int)n;
                }

                return total;
            }
            finally
            {
                _ = Interop.Libc.CloseFd(fd);
            }
        }
    }

    /// <summary>The inode of a namespace link, read as <c>type:[inode]</c> (namespaces(7)); 0 when unreadable.</summary>
    public static unsafe ulong NamespaceLinkInode(ReadOnlySpan<char> path)
    {
        Span<byte> cpath = stackalloc byte[MaxPath];
        Span<byte> target = stackalloc byte[64];
        if (!TryTerminated(path, cpath))
        {
            return 0;
        }

        nint length;
        fixed (byte* p = cpath)
        fixed (byte* t = target)
        {
            length = Interop.Libc.ReadLink(p, t, target.Length);
        }

        if (length <= 0)
        {
            return 0;
        }

        var text = target[..(int)length];
        var open = text.IndexOf((byte)'[');
        var close = text.IndexOf((byte)']');
        return open >= 0 && close > open
            && ulong.TryParse(text[(open + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            ? inode
            : 0;
    }

    private static bool TryTerminated(ReadOnlySpan<char> path, Span<byte> destination)
    {
        if (Encoding.UTF8.GetMaxByteCount(path.Length) >= destination.Length && Encoding.UTF8.GetByteCount(path) >= destination.Length)
        {
            return false;
        }

        var written = Encoding.UTF8.GetBytes(path, destination);
        destination[written] = 0;
        return true;
    }
}
