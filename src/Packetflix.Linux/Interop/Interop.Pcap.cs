using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    /// <summary>
    /// libpcap entry points. libpcap reports errors through return values and pcap_geterr(3PCAP), never errno,
    /// hence <c>SetLastError = false</c> everywhere.
    /// </summary>
    internal static partial class Pcap
    {
        // PCAP_ERRBUF_SIZE from <pcap/pcap.h>: every errbuf argument must point to at least this many bytes.
        internal const int ErrbufSize = 256;

        // PCAP_TSTAMP_PRECISION_NANO from <pcap/pcap.h>, see pcap_set_tstamp_precision(3PCAP).
        internal const int TstampPrecisionMicro = 0;
        internal const int TstampPrecisionNano = 1;

        // PCAP_NETMASK_UNKNOWN from <pcap/pcap.h>, for pcap_compile(3PCAP) when the netmask is not known.
        internal const uint NetmaskUnknown = 0xffffffff;

        [LibraryImport(Libraries.Pcap, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial SafePcapHandle pcap_create(string source, byte* errbuf);

        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_set_snaplen(SafePcapHandle p, int snaplen);

        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_set_promisc(SafePcapHandle p, int promisc);

        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_set_buffer_size(SafePcapHandle p, int bufferSize);

        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_set_immediate_mode(SafePcapHandle p, int immediateMode);

        /// <summary>pcap_set_timeout(3PCAP): with TPACKET_V3 this is the ring's block retire timeout.</summary>
        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_set_timeout(SafePcapHandle p, int toMs);

        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_set_tstamp_precision(SafePcapHandle p, int tstampPrecision);

        /// <summary>pcap_activate(3PCAP): 0, a positive warning or a negative <see cref="PcapStatus"/> error.</summary>
        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_activate(SafePcapHandle p);

        /// <summary>
        /// pcap_setnonblock(3PCAP). Needed because with TPACKET_V3 a blocking pcap_next_ex ignores the read timeout
        /// when no packet arrives (docs/protocol.md §18.1); the capture loop polls the selectable fd instead.
        /// </summary>
        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial int pcap_setnonblock(SafePcapHandle p, int nonblock, byte* errbuf);

        /// <summary>pcap_get_selectable_fd(3PCAP): owned by the pcap handle; never close it.</summary>
        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_get_selectable_fd(SafePcapHandle p);

        [LibraryImport(Libraries.Pcap, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int pcap_compile(SafePcapHandle p, BpfProgram* fp, string str, int optimize, uint netmask);

        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial int pcap_setfilter(SafePcapHandle p, BpfProgram* fp);

        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial void pcap_freecode(BpfProgram* fp);

        /// <summary>
        /// pcap_next_ex(3PCAP): 1 = packet, 0 = none available (non-blocking mode), PCAP_ERROR or PCAP_ERROR_BREAK.
        /// Header and data stay valid only until the next call on the same handle.
        /// </summary>
        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial int pcap_next_ex(nint p, PcapPacketHeader** header, byte** data);

        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial int pcap_stats(SafePcapHandle p, PcapStat* ps);

        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_datalink(SafePcapHandle p);

        [LibraryImport(Libraries.Pcap)]
        internal static partial int pcap_snapshot(SafePcapHandle p);

        /// <summary>pcap_geterr(3PCAP): points into the handle; copy it (see <see cref="GetError"/>) before the next call.</summary>
        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial byte* pcap_geterr(SafePcapHandle p);

        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial byte* pcap_statustostr(int error);

        [LibraryImport(Libraries.Pcap)]
        internal static unsafe partial byte* pcap_lib_version();

        /// <summary>pcap_close(3PCAP). Only <see cref="SafePcapHandle.ReleaseHandle"/> calls this.</summary>
        [LibraryImport(Libraries.Pcap)]
        internal static partial void pcap_close(nint p);

        /// <summary>The handle's last error text (pcap_geterr) as a managed string.</summary>
        internal static unsafe string GetError(SafePcapHandle p)
        {
            return FromCString(pcap_geterr(p));
        }

        /// <summary>The text for a pcap status code (pcap_statustostr) as a managed string.</summary>
        internal static unsafe string StatusToString(int status)
        {
            return FromCString(pcap_statustostr(status));
        }
    }
}
