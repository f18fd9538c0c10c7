using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // AT_FDCWD and AT_EMPTY_PATH from <fcntl.h>, see statx(2); the same on every Linux architecture.
        internal const int AtFdCwd = -100;
        internal const int AtEmptyPath = 0x1000;

        // STATX_INO from <linux/stat.h>: ask for stx_ino only; the kernel sets it in stx_mask when filled in.
        internal const uint StatxIno = 0x0100;

        /// <summary>statx(2) on an open fd (use <see cref="AtEmptyPath"/> and an empty path).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int statx(SafeFileHandle dirfd, string pathname, int flags, uint mask, Statx* statxbuf);

        /// <summary>statx(2) relative to <see cref="AtFdCwd"/> (or an absolute path); follows symlinks unless told otherwise.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, Statx* statxbuf);
    }
}
