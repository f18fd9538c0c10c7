using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <linux/nsfs.h>: NSIO is 0xb7; the requests are _IO(NSIO, n), i.e. (0xb7 << 8) | n (ioctl_ns(2)).
        internal const uint NsGetUserns = 0xb701;
        internal const uint NsGetParent = 0xb702;
        internal const uint NsGetOwnerUid = 0xb704;

        /// <summary>ioctl(2) for NS_GET_USERNS / NS_GET_PARENT: returns a new O_CLOEXEC fd or -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int ioctl(SafeFileHandle fd, nuint request);

        /// <summary>ioctl(2) for NS_GET_OWNER_UID: writes the uid_t into <paramref name="uid"/>; 0 or -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static unsafe partial int ioctl(SafeFileHandle fd, nuint request, uint* uid);
    }
}
