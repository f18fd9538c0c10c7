using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // NSFS_MAGIC from <linux/magic.h>: the file system of namespace files.
        internal const long NsfsMagic = 0x6e736673;

        // struct statfs is 120 bytes on x86_64 and arm64; f_type (a long on both) comes first. Room to spare.
        internal const int StatfsBytes = 256;

        /// <summary>fstatfs(2) into a raw buffer; 0 or -1 with errno set. Works on O_PATH fds (open(2)).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "fstatfs", SetLastError = true)]
        internal static unsafe partial int fstatfs(int fd, byte* buffer);
    }
}
