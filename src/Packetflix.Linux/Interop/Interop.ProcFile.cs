using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // O_RDONLY | O_CLOEXEC from <fcntl.h> (x86-64 and arm64 share these values).
        internal const int OpenReadOnlyCloexec = 0x80000;

        /// <summary>open(2) of a NUL-terminated path; the fd or -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true)]
        internal static unsafe partial int OpenPath(byte* path, int flags);

        /// <summary>open(2) of a managed path (UTF-8, NUL added); the fd or -1 with errno set.</summary>
        internal static unsafe int OpenPath(string path, int flags)
        {
            fixed (byte* p = ToCString(path))
            {
                return OpenPath(p, flags);
            }
        }

        /// <summary>Opens for I/O the very file an O_PATH fd names, through our own /proc/self/fd (open(2), O_PATH):
        /// the file is checked on the O_PATH fd first, which opens nothing, and no path is resolved twice.</summary>
        internal static int Reopen(int pathFd, int flags) =>
            OpenPath($"/proc/self/fd/{pathFd.ToString(System.Globalization.CultureInfo.InvariantCulture)}", flags);

        /// <summary>openat(2) of a NUL-terminated path relative to <paramref name="dirfd"/>; the fd or -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true)]
        internal static unsafe partial int OpenAt(int dirfd, byte* path, int flags);

        /// <summary>read(2) into a raw buffer; the byte count or -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "read", SetLastError = true)]
        internal static unsafe partial nint ReadFd(int fd, byte* buffer, nint count);

        /// <summary>close(2) of a raw fd this code opened and owns alone.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "close")]
        internal static partial int CloseFd(int fd);

        /// <summary>readlink(2): the target's length (not NUL-terminated) or -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "readlink", SetLastError = true)]
        internal static unsafe partial nint ReadLink(byte* path, byte* buffer, nint size);
    }
}
