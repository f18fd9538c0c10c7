using System.Runtime.InteropServices;
using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// Opens libpcap handles. Must run on a thread that is inside the target network namespace (see
/// <see cref="NetnsThread"/>): an AF_PACKET socket binds to the namespace of the thread that creates it and
/// keeps it after the thread switches back (packet(7), setns(2)).
/// </summary>
internal static unsafe class CaptureInterfaceOpener
{
    /// <summary>PCAP_ERRBUF_SIZE from pcap/pcap.h.</summary>
    private const int ErrorBufferSize = 256;

    /// <summary>PCAP_TSTAMP_PRECISION_NANO from pcap/pcap.h: timestamps in nanoseconds, matching if_tsresol 9.</summary>
    private const int TimestampPrecisionNano = 1;

    /// <summary>TPACKET_V3 block retire timeout: the longest a packet waits in the kernel on a quiet interface.
    /// Together with the capture loop's 5 ms batching well under the ~50 ms latency budget.</summary>
    private const int BlockTimeoutMilliseconds = 10;

    /// <summary>PCAP_NETMASK_UNKNOWN from pcap/pcap.h; only matters for IPv4 broadcast primitives.</summary>
    private const uint NetmaskUnknown = 0xffffffff;

    /// <summary>Expands <c>all</c> into the interfaces present in the current namespace; keeps order, drops duplicates.</summary>
    public static IReadOnlyList<string> ExpandNames(IReadOnlyList<string> names)
    {
        var result = new List<string>();
        foreach (var name in names)
        {
            var expanded = name == "all" ? NetworkInterfaceNames.ListCurrentNamespace() : [name];
            foreach (var n in expanded)
            {
                if (!result.Contains(n, StringComparer.Ordinal))
                {
                    result.Add(n);
                }
            }
        }

        return result;
    }

    /// <summary>Opens, configures, activates and filters one interface. Returns the handle or an error text in
    /// the words dumpcap would use, because clients show it to people.</summary>
    public static (SafePcapHandle? Handle, string? Error, CaptureErrorKind Kind) Open(string name, CaptureOptions options)
    {
        var errbuf = stackalloc byte[ErrorBufferSize];
        errbuf[0] = 0;
        var handle = Interop.Pcap.pcap_create(name, errbuf);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            return (null, $"cannot capture on \"{name}\": {Interop.FromCString(errbuf)}", CaptureErrorKind.CaptureFailed);
        }

        var (error, kind) = Configure(handle, name, options);
        if (error is not null)
        {
            handle.Dispose();
            return (null, error, kind);
        }

        return (handle, null, CaptureErrorKind.None);
    }

    private static (string? Error, CaptureErrorKind Kind) Configure(SafePcapHandle handle, string name, CaptureOptions options)
    {
        _ = Interop.Pcap.pcap_set_snaplen(handle, options.SnapLength);
        _ = Interop.Pcap.pcap_set_promisc(handle, options.Promiscuous ? 1 : 0);
        _ = Interop.Pcap.pcap_set_buffer_size(handle, options.KernelBufferBytes);
        // No immediate mode: libpcap then falls back to TPACKET_V2, whose fixed frame slots are snaplen-sized
        // (up to 256 KiB with offloads), so an 8 MiB ring held ~32 packets and dropped under any burst. TPACKET_V3
        // packs packets into blocks; a block is handed over when full or after the retire timeout below, which
        // bounds latency on a quiet interface (packet_mmap.rst, "TPACKET_V3").
        _ = Interop.Pcap.pcap_set_timeout(handle, BlockTimeoutMilliseconds);
        _ = Interop.Pcap.pcap_set_tstamp_precision(handle, TimestampPrecisionNano);

        var status = Interop.Pcap.pcap_activate(handle);
        if (status < 0)
        {
            return (DescribeActivateError(handle, name, status),
                status == (int)PcapStatus.NoSuchDevice ? CaptureErrorKind.InterfaceNotFound : CaptureErrorKind.CaptureFailed);
        }

        var errbuf = stackalloc byte[ErrorBufferSize];
        // Non-blocking + poll(2): with TPACKET_V3 the pcap read timeout does not fire on an idle interface
        // (docs/protocol.md §18.1), so we wait in poll ourselves and stop on time.
        if (Interop.Pcap.pcap_setnonblock(handle, 1, errbuf) != 0)
        {
            return ($"cannot capture on \"{name}\": {Interop.FromCString(errbuf)}", CaptureErrorKind.CaptureFailed);
        }

        if (Interop.Pcap.pcap_get_selectable_fd(handle) < 0)
        {
            return ($"cannot capture on \"{name}\": no selectable file descriptor", CaptureErrorKind.CaptureFailed);
        }

        if (!string.IsNullOrEmpty(options.Filter))
        {
            Interop.Pcap.BpfProgram program;
            if (Interop.Pcap.pcap_compile(handle, &program, options.Filter, 1, NetmaskUnknown) != 0)
            {
                return ($"invalid capture filter \"{options.Filter}\": {Interop.FromCString(Interop.Pcap.pcap_geterr(handle))}",
                    CaptureErrorKind.InvalidParameter);
            }

            try
            {
                if (Interop.Pcap.pcap_setfilter(handle, &program) != 0)
                {
                    return ($"cannot set capture filter on \"{name}\": {Interop.FromCString(Interop.Pcap.pcap_geterr(handle))}",
                        CaptureErrorKind.CaptureFailed);
                }
            }
            finally
            {
                Interop.Pcap.pcap_freecode(&program);
            }
        }

        return (null, CaptureErrorKind.None);
    }

    private static string DescribeActivateError(SafePcapHandle handle, string name, int status)
    {
        // The first wording is dumpcap's, which upstream clients already show for this case.
        if (status == (int)PcapStatus.NoSuchDevice)
        {
            return $"There is no device named \"{name}\".";
        }

        var detail = status == (int)PcapStatus.Error
            ? Interop.FromCString(Interop.Pcap.pcap_geterr(handle))
            : Interop.FromCString(Interop.Pcap.pcap_statustostr(status));
        if (string.IsNullOrEmpty(detail))
        {
            detail = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }

        return $"cannot capture on \"{name}\": {detail}";
    }
}
