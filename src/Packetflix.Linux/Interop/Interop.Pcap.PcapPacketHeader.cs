using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Pcap
    {
        /// <summary>
        /// <c>struct pcap_pkthdr</c> from &lt;pcap/pcap.h&gt;: a struct timeval (two longs on LP64) then caplen and len,
        /// 24 bytes on x86_64 and arm64.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct PcapPacketHeader
        {
            public nint TvSec;

            // Microseconds, or nanoseconds when the handle was created with PCAP_TSTAMP_PRECISION_NANO
            // (pcap_set_tstamp_precision(3PCAP)).
            public nint TvUsec;
            public uint CapLen;
            public uint Len;
        }
    }
}
