using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct timeval on 64-bit Linux (two longs), for SO_RCVTIMEO (socket(7)).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Timeval
        {
            public long Seconds;
            public long Microseconds;
        }
    }
}
