using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// if_nameindex(3): lists the interfaces of the calling thread's network namespace (it asks the kernel
        /// through a netlink socket, which is bound to the netns of the thread that creates it).
        /// The array ends with an entry whose index is 0; free it with <see cref="if_freenameindex"/>.
        /// </summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial IfNameIndex* if_nameindex();

        [LibraryImport(Libraries.Libc)]
        internal static unsafe partial void if_freenameindex(IfNameIndex* ptr);
    }
}
