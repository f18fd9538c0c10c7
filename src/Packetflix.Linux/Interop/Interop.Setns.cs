using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // CLONE_NEWNET from <sched.h>; setns(2) checks that the fd refers to a network namespace.
        internal const int CloneNewNet = 0x40000000;

        /// <summary>
        /// Moves the calling OS thread (only that thread, see setns(2)) into the namespace behind <paramref name="fd"/>.
        /// </summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int setns(SafeFileHandle fd, int nstype);
    }
}
