using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Owns a <c>pcap_t*</c>; closing it closes the capture socket and frees the ring (pcap_close(3PCAP)). The methods
/// are the small part of libpcap the capture engine uses, so the raw imports stay inside this assembly.
/// </summary>
public sealed unsafe class SafePcapHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>PCAP_ERRBUF_SIZE from pcap/pcap.h.</summary>
    private const int ErrorBufferSize = 256;

    /// <summary>PCAP_TSTAMP_PRECISION_NANO from pcap/pcap.h: timestamps in nanoseconds, matching pcapng if_tsresol 9.</summary>
    private const int TimestampPrecisionNano = 1;

    /// <summary>PCAP_NETMASK_UNKNOWN from pcap/pcap.h; only matters for IPv4 broadcast primitives.</summary>
    private const uint NetmaskUnknown = 0xffffffff;

    /// <summary>1 while the reading thread holds a reference on the handle (<see cref="NextPacket"/>).</summary>
    private int _readReference;

    /// <summary>Used by the LibraryImport marshaller for pcap_create's return value.</summary>
    public SafePcapHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>pcap_datalink(3PCAP): the LINKTYPE_ value of the activated handle.</summary>
    public int Datalink => Interop.Pcap.pcap_datalink(this);

    /// <summary>pcap_snapshot(3PCAP): the snapshot length in effect.</summary>
    public int Snapshot => Interop.Pcap.pcap_snapshot(this);

    /// <summary>pcap_get_selectable_fd(3PCAP); negative when the handle has none.</summary>
    public int SelectableFd => Interop.Pcap.pcap_get_selectable_fd(this);

    /// <summary>pcap_geterr(3PCAP): the text of the last error on this handle.</summary>
    public string LastError => Interop.FromCString(Interop.Pcap.pcap_geterr(this));

    /// <summary>pcap_create(3PCAP) for <paramref name="device"/>; on failure returns null and libpcap's text.</summary>
    public static SafePcapHandle? Create(string device, out string? error)
    {
        var errbuf = stackalloc byte[ErrorBufferSize];
        errbuf[0] = 0;
        var handle = Interop.Pcap.pcap_create(device, errbuf);
        if (handle.IsInvalid)
        {
            error = Interop.FromCString(errbuf);
            handle.Dispose();
            return null;
        }

        error = null;
        return handle;
    }

    /// <summary>pcap_statustostr(3PCAP).</summary>
    public static string StatusText(int status) => Interop.FromCString(Interop.Pcap.pcap_statustostr(status));

    /// <summary>Sets what must be set before activation (pcap_set_snaplen, _promisc, _buffer_size, _timeout and
    /// nanosecond timestamps; see pcap_create(3PCAP)). Failures there show up in <see cref="Activate"/>.</summary>
    public void Configure(int snapLength, bool promiscuous, int kernelBufferBytes, int blockTimeoutMilliseconds)
    {
        _ = Interop.Pcap.pcap_set_snaplen(this, snapLength);
        _ = Interop.Pcap.pcap_set_promisc(this, promiscuous ? 1 : 0);
        _ = Interop.Pcap.pcap_set_buffer_size(this, kernelBufferBytes);
        _ = Interop.Pcap.pcap_set_timeout(this, blockTimeoutMilliseconds);
        _ = Interop.Pcap.pcap_set_tstamp_precision(this, TimestampPrecisionNano);
    }

    /// <summary>pcap_activate(3PCAP): negative values are errors, positive ones warnings.</summary>
    public int Activate() => Interop.Pcap.pcap_activate(this);

    /// <summary>pcap_setnonblock(3PCAP); returns libpcap's error text or null.</summary>
    public string? SetNonBlocking()
    {
        var errbuf = stackalloc byte[ErrorBufferSize];
        errbuf[0] = 0;
        return Interop.Pcap.pcap_setnonblock(this, 1, errbuf) == 0 ? null : Interop.FromCString(errbuf);
    }

    /// <summary>Compiles <paramref name="filter"/> (optimised, pcap-filter(7) syntax) and installs it.</summary>
    /// <returns><see cref="PcapFilterResult.Installed"/>, or which step failed with <see cref="LastError"/> saying why.</returns>
    public PcapFilterResult SetFilter(string filter)
    {
        Interop.Pcap.BpfProgram program;
        if (Interop.Pcap.pcap_compile(this, &program, filter, 1, NetmaskUnknown) != 0)
        {
            return PcapFilterResult.InvalidSyntax;
        }

        try
        {
            return Interop.Pcap.pcap_setfilter(this, &program) == 0 ? PcapFilterResult.Installed : PcapFilterResult.NotInstalled;
        }
        finally
        {
            Interop.Pcap.pcap_freecode(&program);
        }
    }

    /// <summary>Reads the next packet without blocking (the handle is non-blocking). Called per packet from the one
    /// thread that reads and closes the handle: the first call takes a reference that <see cref="Dispose(bool)"/> gives
    /// back, instead of the marshaller's reference taken and given back per call (two interlocked operations per
    /// packet).</summary>
    public PcapReadStatus NextPacket(out PcapPacket packet)
    {
        if (_readReference == 0)
        {
            var added = false;
            DangerousAddRef(ref added);
            _readReference = added ? 1 : 0;
        }

        Interop.Pcap.PcapPacketHeader* header;
        byte* data;
        var rc = Interop.Pcap.pcap_next_ex(handle, &header, &data);
        if (rc <= 0)
        {
            packet = default;
            return rc == 0 ? PcapReadStatus.None : PcapReadStatus.Error;
        }

        // With PCAP_TSTAMP_PRECISION_NANO the "usec" field holds nanoseconds (pcap_set_tstamp_precision(3PCAP)).
        var timestamp = ((ulong)header->TvSec * 1_000_000_000UL) + (ulong)header->TvUsec;
        packet = new PcapPacket(timestamp, header->Len, new ReadOnlySpan<byte>(data, (int)header->CapLen));
        return PcapReadStatus.Packet;
    }

    /// <summary>pcap_stats(3PCAP); false when the handle cannot report them.</summary>
    public bool TryGetStatistics(out PcapStatistics statistics)
    {
        Interop.Pcap.PcapStat stat;
        if (Interop.Pcap.pcap_stats(this, &stat) != 0)
        {
            statistics = default;
            return false;
        }

        statistics = new PcapStatistics(stat.PsRecv, stat.PsDrop, stat.PsIfDrop);
        return true;
    }

    /// <summary>Gives back the reading thread's reference first, so disposing closes the handle as before.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _readReference, 0) == 1)
        {
            DangerousRelease();
        }

        base.Dispose(disposing);
    }

    protected override bool ReleaseHandle()
    {
        // pcap_close returns void and does not fail; nothing here may throw (SafeHandle contract).
        Interop.Pcap.pcap_close(handle);
        return true;
    }
}
