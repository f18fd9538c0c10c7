using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>One opened libpcap handle and its running counters; owned and touched only by the capture thread
/// after the session started (the counters are read by others through <see cref="CaptureSession.Statistics"/>).</summary>
internal sealed class CaptureInterface : IDisposable
{
    public CaptureInterface(SafePcapHandle handle, uint id, string name, ushort linkType, int snapLength, int selectableFd,
        ulong netnsInode)
    {
        Handle = handle;
        Id = id;
        Name = name;
        LinkType = linkType;
        SnapLength = snapLength;
        SelectableFd = selectableFd;
        NetnsInode = netnsInode;
    }

    public SafePcapHandle Handle { get; }

    /// <summary>pcapng interface id: the index of its IDB in the section.</summary>
    public uint Id { get; }

    public string Name { get; }

    public ushort LinkType { get; }

    public int SnapLength { get; }

    public int SelectableFd { get; }

    public ulong NetnsInode { get; }

    /// <summary>Optional pcapng <c>if_description</c>, e.g. the container the interface belongs to.</summary>
    public string? Description { get; init; }

    /// <summary>The IDB's <c>if_name</c> when it is not <see cref="Name"/> (multi-target: <c>container/nif</c>).</summary>
    public string? DisplayName { get; init; }

    /// <summary>The filter applied to this interface when it is not the session's (a per-target override).</summary>
    public string? Filter { get; init; }

    /// <summary>True when the interface lives where our own sockets do, so its filter leaves our connections out.</summary>
    public bool ExcludesOwn { get; init; }

    /// <summary>The <see cref="IOwnConnections.Version"/> whose connections the installed filter leaves out.</summary>
    public long OwnTrafficVersion { get; set; }

    /// <summary>Index of the multi-target request's target this interface belongs to (0 for a single target).</summary>
    public int SourceIndex { get; set; }

    /// <summary>Packets that reached us later than the reordering window and were written at once, out of
    /// timestamp order (docs/api.md, "Time order").</summary>
    public long Late;

    /// <summary>False once the interface went away or failed; its last statistics stay valid.</summary>
    public bool Open { get; private set; } = true;

    /// <summary>Why the interface was closed early, if it was.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Packets libpcap handed to us.</summary>
    public long Captured;

    /// <summary>Bytes of packet data libpcap handed to us (the captured lengths, at most the snapshot length each).</summary>
    public long CapturedBytes;

    /// <summary>Packets written into the stream. A statistics block in the stream carries this as
    /// <c>isb_usrdeliv</c>: it follows exactly these packets, so a consumer that hands over every block in order
    /// hands over exactly this many packets before it.</summary>
    public long Written;

    /// <summary>Packets the consumer handed to its client (reported through <see cref="CaptureSession.RecordDelivered"/>).</summary>
    public long Delivered;

    /// <summary>Packets we dropped because the consumer was too slow (cause slow-client). Since a session whose
    /// consumer is behind stops reading its rings (the kernel then drops, cause kernel), nothing increments this;
    /// it stays in the counters, the statistics comment and <c>/metrics</c>, which clients read, as zero.</summary>
    public long DroppedByUs;

    /// <summary>Packets read but never written: left in the kernel ring or held for reordering when the session ended
    /// (counted dropped at session end; see <c>CaptureSession.Finish</c>).</summary>
    public long LeftAtEnd;

    /// <summary>Packets written but never handed over: still buffered when the session ended.</summary>
    public long DroppedAtSessionEnd;

    /// <summary>Last kernel statistics (pcap_stats): packets received by the filter and dropped by the kernel.</summary>
    public long KernelReceived;

    public long KernelDropped;

    public long InterfaceDropped;

    /// <summary>pcap_stats counters are 32-bit (pcap_stat in pcap/pcap.h) and wrap; these keep the last raw values.</summary>
    private uint _lastRecv;
    private uint _lastDrop;
    private uint _lastIfDrop;

    public void RefreshKernelStatistics()
    {
        if (!Open)
        {
            return;
        }

        if (!Handle.TryGetStatistics(out var stat))
        {
            return;
        }

        // Unsigned subtraction handles one wrap between two reads; reads happen every few seconds at most.
        KernelReceived += unchecked(stat.Received - _lastRecv);
        KernelDropped += unchecked(stat.Dropped - _lastDrop);
        InterfaceDropped += unchecked(stat.InterfaceDropped - _lastIfDrop);
        _lastRecv = stat.Received;
        _lastDrop = stat.Dropped;
        _lastIfDrop = stat.InterfaceDropped;
    }

    /// <summary>The same opened handle as interface <paramref name="id"/> of a running session (a target that rejoined);
    /// this instance is then no longer used.</summary>
    public CaptureInterface Renumbered(uint id) => new(Handle, id, Name, LinkType, SnapLength, SelectableFd, NetnsInode)
    {
        Description = Description,
        DisplayName = DisplayName,
        Filter = Filter,
        ExcludesOwn = ExcludesOwn,
        OwnTrafficVersion = OwnTrafficVersion,
        SourceIndex = SourceIndex,
    };

    public void Close(string? reason)
    {
        if (!Open)
        {
            return;
        }

        RefreshKernelStatistics();
        Open = false;
        CloseReason = reason;
        Handle.Dispose();
    }

    public void Dispose() => Close(null);
}
