using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Reads a file of another root directory, such as a container's <c>/proc/PID/root</c>, as that root sees it. A plain
/// open of <c>/proc/PID/root/etc/hostname</c> is not that: an absolute symlink inside the container (<c>etc/hostname
/// -> /etc/shadow</c>) resolves against the reader's root, so a container could make this root service read host
/// files into its answers, and a FIFO or <c>/dev/zero</c> would hang it or fill its memory. Here the path is resolved
/// with openat2(2) <c>RESOLVE_IN_ROOT</c> (symlinks and ".." stay inside that root) and without magic links, the result
/// must be a regular file before it is opened for reading (opening a device can have effects), and at most the
/// caller's limit is read. The fds never leave the call.
/// </summary>
public static class RootedFile
{
    /// <summary>Reads <paramref name="path"/> (relative to <paramref name="root"/>) as UTF-8, if it is a regular file of
    /// at most <paramref name="maxBytes"/> bytes.</summary>
    public static RootedFileResult ReadText(string root, string path, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var rootFd = OpenRoot(root);
        return rootFd is null ? Failed() : ReadText(rootFd, path, maxBytes);
    }

    /// <summary>An O_PATH fd of <paramref name="root"/> for <see cref="ReadText(SafeFileHandle, string, int)"/>: opened
    /// before a thread joins another mount namespace, it still names this one's directory (setns(2) changes the root
    /// and the working directory, never an open fd). Null when it cannot be opened (see the errno).</summary>
    public static SafeFileHandle? OpenRoot(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var fd = Interop.Libc.OpenPath(root, (int)(Interop.Libc.OpenPathOnly | Interop.Libc.OpenCloexec));
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary><see cref="ReadText(string, string, int)"/> below an fd from <see cref="OpenRoot"/>.</summary>
    public static RootedFileResult ReadText(SafeFileHandle root, string path, int maxBytes) => ReadBelow(root, path, maxBytes, inRoot: true);

    /// <summary>Reads a file of our own procfs below an fd of it from <see cref="OpenRoot"/> (<c>PID/mountinfo</c>,
    /// <c>thread-self/mountinfo</c>), also after the thread joined another mount namespace, bounded like
    /// <see cref="ReadText(SafeFileHandle, string, int)"/>. A plain openat(2): below procfs, paths are the kernel's, so
    /// this needs no openat2(2) (Linux 5.6) and works on older kernels too.</summary>
    public static RootedFileResult ReadProcText(SafeFileHandle proc, string path, int maxBytes) => ReadBelow(proc, path, maxBytes, inRoot: false);

    /// <summary>Finds <paramref name="path"/> below <paramref name="dir"/> with an O_PATH open, resolved inside it
    /// (openat2 RESOLVE_IN_ROOT, no magic links) when <paramref name="inRoot"/>, else by a plain openat, and reads it
    /// when it is a regular file (<see cref="ReadRegular"/>).</summary>
    private static unsafe RootedFileResult ReadBelow(SafeFileHandle dir, string path, int maxBytes, bool inRoot)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var added = false;
        dir.DangerousAddRef(ref added);
        try
        {
            var dirFd = (int)dir.DangerousGetHandle();
            var flags = Interop.Libc.OpenPathOnly | Interop.Libc.OpenCloexec;
            var how = new Interop.Libc.OpenHow { Flags = flags, Resolve = Interop.Libc.ResolveInRoot | Interop.Libc.ResolveNoMagicLinks };
            int pathFd;
            fixed (byte* p = Interop.ToCString(path.TrimStart('/')))
            {
                pathFd = inRoot ? Interop.Libc.openat2(dirFd, p, &how) : Interop.Libc.OpenAt(dirFd, p, (int)flags);
            }

            if (pathFd < 0)
            {
                return Failed();
            }

            try
            {
                return ReadRegular(pathFd, maxBytes);
            }
            finally
            {
                _ = Interop.Libc.CloseFd(pathFd);
            }
        }
        finally
        {
            if (added)
            {
                dir.DangerousRelease();
            }
        }
    }

    private static unsafe RootedFileResult ReadRegular(int pathFd, int maxBytes)
    {
        Interop.Libc.Statx stat = default;
        if (Interop.Libc.statx(pathFd, string.Empty, Interop.Libc.AtEmptyPath, Interop.Libc.StatxType, &stat) != 0)
        {
            return Failed();
        }

        if ((stat.Mode & Interop.Libc.FileTypeMask) != Interop.Libc.RegularFile)
        {
            return new RootedFileResult(RootedFileStatus.NotRegularFile, null, Errno.None);
        }

        var fd = Interop.Libc.Reopen(pathFd, (int)(Interop.Libc.OpenNonBlock | Interop.Libc.OpenNoCtty | Interop.Libc.OpenCloexec));
        if (fd < 0)
        {
            return Failed();
        }

        try
        {
            var buffer = new byte[maxBytes + 1];
            var total = 0;
            fixed (byte* b = buffer)
            {
                while (total < buffer.Length)
                {
                    var n = Interop.Libc.ReadFd(fd, b + total, buffer.Length - total);
                    if (n < 0)
                    {
                        return Failed();
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    total += (int)n;
                }
            }

            return total > maxBytes
                ? new RootedFileResult(RootedFileStatus.TooLarge, null, Errno.None)
                : new RootedFileResult(RootedFileStatus.Read, Encoding.UTF8.GetString(buffer, 0, total), Errno.None);
        }
        finally
        {
            _ = Interop.Libc.CloseFd(fd);
        }
    }

    private static RootedFileResult Failed() => new(RootedFileStatus.Failed, null, LinuxError.Last());
}
