using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // Event bits from <poll.h> (asm-generic/poll.h; identical on x86_64 and arm64), see poll(2).
        internal const short PollIn = 0x0001;
        internal const short PollErr = 0x0008;
        internal const short PollHup = 0x0010;
        internal const short PollNval = 0x0020;

        /// <summary>poll(2). The fds inside <paramref name="fds"/> must be kept alive by the caller (DangerousAddRef).</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int poll(PollFd* fds, nuint nfds, int timeout);
    }
}
