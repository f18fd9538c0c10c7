using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>gettid(2): the kernel id of the calling OS thread (glibc 2.30+); it cannot fail.</summary>
        [LibraryImport(Libraries.Libc)]
        internal static partial int gettid();
    }
}
