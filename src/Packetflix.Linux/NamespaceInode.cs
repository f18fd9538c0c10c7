using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Reads the inode number of a namespace file. On nsfs the inode number is the namespace id that
/// <c>readlink /proc/PID/ns/net</c> shows as <c>net:[ID]</c> and that container runtimes report (namespaces(7)).
/// statx(2) is used because its struct layout, unlike stat(2)'s, is the same on all architectures.
/// </summary>
public static class NamespaceInode
{
    /// <summary>Inode of an open fd (statx with AT_EMPTY_PATH).</summary>
    public static unsafe bool TryGet(SafeFileHandle fd, out ulong inode)
    {
        Interop.Libc.Statx buffer = default;
        if (Interop.Libc.statx(fd, string.Empty, Interop.Libc.AtEmptyPath, Interop.Libc.StatxIno, &buffer) != 0
            || (buffer.Mask & Interop.Libc.StatxIno) == 0)
        {
            inode = 0;
            return false;
        }

        inode = buffer.Ino;
        return true;
    }

    /// <summary>
    /// Inode of the file at <paramref name="path"/>, following symlinks, so /proc/PID/ns/net yields the namespace.
    /// False when the path is gone or unreadable (for example the process exited).
    /// </summary>
    public static unsafe bool TryGet(string path, out ulong inode)
    {
        Interop.Libc.Statx buffer = default;
        if (Interop.Libc.statx(Interop.Libc.AtFdCwd, path, 0, Interop.Libc.StatxIno, &buffer) != 0
            || (buffer.Mask & Interop.Libc.StatxIno) == 0)
        {
            inode = 0;
            return false;
        }

        inode = buffer.Ino;
        return true;
    }
}
