using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // __NR_pidfd_open is 434 on x86_64 and, through asm-generic/unistd.h, on arm64 too (see pidfd_open(2)).
        // Called through syscall(2) because glibc only gained a wrapper in 2.36.
        private const long SysPidfdOpen = 434;

        /// <summary>
        /// pidfd_open(2) with flags 0. Returns the new fd (O_CLOEXEC is implied by the kernel) or -1 with errno set
        /// (ESRCH when the process is gone). Wrap the result into a SafeFileHandle at once.
        /// </summary>
        internal static int pidfd_open(int pid)
        {
            return (int)syscall(SysPidfdOpen, pid, 0);
        }

        // syscall(2) is variadic; on x86_64 SysV and Linux arm64 integer variadic arguments are passed exactly like
        // fixed ones, so a fixed-arity import with long arguments is correct there.
        [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
        private static partial long syscall(long number, long arg1, long arg2);
    }
}
