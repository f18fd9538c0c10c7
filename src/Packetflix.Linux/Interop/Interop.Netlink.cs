using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <sys/socket.h>, <linux/netlink.h> (netlink(7)).
        internal const int AfNetlink = 16;
        internal const int SockRaw = 3;
        internal const int SockCloexec = 0x80000;
        internal const int NetlinkRoute = 0;

        // SOL_SOCKET / SO_RCVTIMEO / SO_RCVBUF on x86_64 and arm64 (asm-generic/socket.h).
        internal const int SolSocket = 1;
        internal const int SoRcvbuf = 8;
        internal const int SoRcvtimeo = 20;

        /// <summary>socket(2); the result is invalid (-1) on failure with errno set.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial SafeFileHandle socket(int domain, int type, int protocol);

        /// <summary>send(2) of <paramref name="length"/> bytes; returns bytes sent or -1.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial nint send(SafeFileHandle fd, byte* buffer, nint length, int flags);

        /// <summary>recv(2) into <paramref name="buffer"/>; returns bytes received or -1.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial nint recv(SafeFileHandle fd, byte* buffer, nint length, int flags);

        /// <summary>setsockopt(2).</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int setsockopt(SafeFileHandle fd, int level, int name, void* value, uint length);
    }
}
