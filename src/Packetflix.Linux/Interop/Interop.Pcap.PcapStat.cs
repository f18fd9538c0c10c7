using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Pcap
    {
        /// <summary>
        /// <c>struct pcap_stat</c> from &lt;pcap/pcap.h&gt; (ps_capt only exists on Windows), see pcap_stats(3PCAP).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct PcapStat
        {
            public uint PsRecv;
            public uint PsDrop;
            public uint PsIfDrop;
        }
    }
}
