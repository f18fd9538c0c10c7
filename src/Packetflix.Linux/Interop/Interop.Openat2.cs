using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // __NR_openat2 is 437 on x86_64 and, through asm-generic/unistd.h, on arm64 (openat2(2), Linux 5.6).
        private const long SysOpenat2 = 437;

        // <fcntl.h> values that x86-64 and arm64 share (O_DIRECTORY and O_NOFOLLOW differ, so they are not used).
        internal const ulong OpenPathOnly = 0x200000;
        internal const ulong OpenNonBlock = 0x800;
        internal const ulong OpenNoCtty = 0x100;
        internal const ulong OpenCloexec = 0x80000;

        // <linux/openat2.h>: resolve every path component as if the dirfd were the root (absolute symlinks and ".."
        // included), and never through a /proc magic link.
        internal const ulong ResolveNoMagicLinks = 0x02;
        internal const ulong ResolveInRoot = 0x10;

        // STATX_TYPE and the file type bits of stx_mode (<linux/stat.h>).
        internal const uint StatxType = 0x0001;
        internal const int FileTypeMask = 0xF000;
        internal const int RegularFile = 0x8000;

        /// <summary>struct open_how of openat2(2).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct OpenHow
        {
            public ulong Flags;
            public ulong Mode;
            public ulong Resolve;
        }

        /// <summary>openat2(2): the new fd or -1 with errno set.</summary>
        internal static unsafe int openat2(int dirfd, byte* path, OpenHow* how) =>
            (int)syscall4(SysOpenat2, dirfd, (long)path, (long)how, sizeof(OpenHow));

        // See pidfd_open: a fixed-arity import of the variadic syscall(2) is correct on x86_64 and arm64.
        [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
        private static partial long syscall4(long number, long arg1, long arg2, long arg3, long arg4);
    }
}
