using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>One opened libpcap handle and its running counters; owned and touched only by the capture thread
/// after the capture started; each stream keeps its own counters (<see cref="OutputInterface"/>).</summary>
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

    /// <summary>False once the interface went away or failed; its last statistics stay valid.</summary>
    public bool Open { get; private set; } = true;

    /// <summary>Why the interface was closed early, if it was.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Packets offered to the streams: read from the ring, and out of the reordering window (the others are held).</summary>
    public long Offered;

    /// <summary>Kernel statistics (pcap_stats) since the interface was opened: packets received by the filter and dropped
    /// by the kernel, for <see cref="Waiting"/>. Each stream counts its own share (<see cref="OutputInterface"/>).</summary>
    public long KernelReceived;

    public long KernelDropped;

    /// <summary>Packets received but not offered to any stream yet: waiting in the ring or held for reordering. A stream
    /// that joins now will be offered them, so they count as received for it too.</summary>
    public long Waiting => Math.Max(0, KernelReceived - KernelDropped - Offered);

    /// <summary>pcap_stats counters are 32-bit (pcap_stat in pcap/pcap.h) and wrap; these keep the last raw values.</summary>
    private uint _lastRecv;
    private uint _lastDrop;
    private uint _lastIfDrop;

    /// <summary>Reads pcap_stats and returns what it counted since the last read (nothing once closed).</summary>
    public KernelStatisticsDelta RefreshKernelStatistics()
    {
        if (!Open || !Handle.TryGetStatistics(out var stat))
        {
            return default;
        }

        // Unsigned subtraction handles one wrap between two reads; reads happen every few seconds at most.
        var delta = new KernelStatisticsDelta(unchecked(stat.Received - _lastRecv), unchecked(stat.Dropped - _lastDrop),
            unchecked(stat.InterfaceDropped - _lastIfDrop));
        KernelReceived += delta.Received;
        KernelDropped += delta.Dropped;
        _lastRecv = stat.Received;
        _lastDrop = stat.Dropped;
        _lastIfDrop = stat.InterfaceDropped;
        return delta;
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

    /// <summary>Closes the handle; the caller read the statistics one last time before (<see cref="RefreshKernelStatistics"/>).</summary>
    public void Close(string? reason)
    {
        if (!Open)
        {
            return;
        }

        Open = false;
        CloseReason = reason;
        Handle.Dispose();
    }

    public void Dispose() => Close(null);
}
