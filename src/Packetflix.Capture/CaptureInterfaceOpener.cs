using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// Opens libpcap handles. Must run on a thread that is inside the target network namespace (see
/// <see cref="NetnsThread"/>): an AF_PACKET socket binds to the namespace of the thread that creates it and
/// keeps it after the thread switches back (packet(7), setns(2)).
/// </summary>
internal static class CaptureInterfaceOpener
{
    /// <summary>TPACKET_V3 block retire timeout: the longest a packet waits in the kernel on a quiet interface.
    /// Together with the capture loop's 20 ms batching well under the ~50 ms latency budget.</summary>
    private const int BlockTimeoutMilliseconds = 10;

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
        var handle = SafePcapHandle.Create(name, out var createError);
        if (handle is null)
        {
            return (null, $"cannot capture on \"{name}\": {createError}", CaptureErrorKind.CaptureFailed);
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
        // No immediate mode: libpcap then falls back to TPACKET_V2, whose fixed frame slots are snaplen-sized
        // (up to 256 KiB with offloads), so an 8 MiB ring held ~32 packets and dropped under any burst. TPACKET_V3
        // packs packets into blocks; a block is handed over when full or after the retire timeout below, which
        // bounds latency on a quiet interface (packet_mmap.rst, "TPACKET_V3").
        handle.Configure(options.SnapLength, options.Promiscuous, options.KernelBufferBytes, BlockTimeoutMilliseconds);

        var status = handle.Activate();
        if (status < 0)
        {
            return (DescribeActivateError(handle, name, status),
                status == (int)PcapStatus.NoSuchDevice ? CaptureErrorKind.InterfaceNotFound : CaptureErrorKind.CaptureFailed);
        }

        // Non-blocking + poll(2): with TPACKET_V3 the pcap read timeout does not fire on an idle interface
        // (docs/protocol.md §18.1), so we wait in poll ourselves and stop on time.
        if (handle.SetNonBlocking() is { } nonBlockError)
        {
            return ($"cannot capture on \"{name}\": {nonBlockError}", CaptureErrorKind.CaptureFailed);
        }

        if (handle.SelectableFd < 0)
        {
            return ($"cannot capture on \"{name}\": no selectable file descriptor", CaptureErrorKind.CaptureFailed);
        }

        // The user's filter with our own connections left out; should the combination not compile or install (a
        // link type without TCP), the user's filter alone decides, with its own error text.
        if (OwnTrafficFilter.Combine(options.Filter, options.OwnTrafficExclusion) is { } combined && options.OwnTrafficExclusion is not null
            && handle.SetFilter(combined) == PcapFilterResult.Installed)
        {
            return (null, CaptureErrorKind.None);
        }

        if (!string.IsNullOrEmpty(options.Filter))
        {
            switch (handle.SetFilter(options.Filter))
            {
                case PcapFilterResult.InvalidSyntax:
                    return ($"invalid capture filter \"{options.Filter}\": {handle.LastError}", CaptureErrorKind.InvalidParameter);
                case PcapFilterResult.NotInstalled:
                    return ($"cannot set capture filter on \"{name}\": {handle.LastError}", CaptureErrorKind.CaptureFailed);
                default:
                    break;
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

        var detail = status == (int)PcapStatus.Error ? handle.LastError : SafePcapHandle.StatusText(status);
        if (string.IsNullOrEmpty(detail))
        {
            // Not errno: the libpcap imports do not save it, so it would be some earlier call's (setns: "Success").
            detail = $"libpcap gave no reason (status {status})";
        }

        return $"cannot capture on \"{name}\": {detail}";
    }
}
