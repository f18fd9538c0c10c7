using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>execv(3): replaces the process image; returns only on failure. <paramref name="argv"/> is a
        /// NULL-terminated array of NUL-terminated UTF-8 strings.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int execv(byte* path, byte** argv);
    }
}
