using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// Moves the calling OS thread (only that thread, see setns(2)) into the namespace behind <paramref name="fd"/>;
        /// <paramref name="nstype"/> is a CLONE_NEW* value (NamespaceType), which setns(2) checks against the fd.
        /// </summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int setns(SafeFileHandle fd, int nstype);
    }
}
