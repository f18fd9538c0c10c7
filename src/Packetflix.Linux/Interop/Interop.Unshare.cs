using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // CLONE_FS from <sched.h>: unshare the filesystem attributes (root, cwd, umask) of the calling thread.
        internal const int CloneFs = 0x00000200;

        /// <summary>unshare(2) for the calling thread; 0 or -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int unshare(int flags);
    }
}
