namespace Packetflix.Capture;

/// <summary>Per-session capture settings.</summary>
public sealed record CaptureOptions
{
    /// <summary>Largest snapshot length libpcap accepts; also tcpdump's and dumpcap's default (pcap(3PCAP), MAXIMUM_SNAPLEN).</summary>
    public const int MaximumSnapLength = 262_144;

    public int SnapLength { get; init; } = MaximumSnapLength;

    public bool Promiscuous { get; init; } = true;

    /// <summary>A pcap-filter(7) expression applied to every interface, or null.</summary>
    public string? Filter { get; init; }

    /// <summary>The most interfaces one target opens once <c>all</c> is expanded to what its namespace has: each is a
    /// kernel ring and an fd, and a container with NET_ADMIN can make thousands of links (<c>--max-interfaces</c>).</summary>
    public int MaxInterfaces { get; init; } = 64;

    /// <summary>Kernel ring size per interface (pcap_set_buffer_size). dumpcap's default is 2 MiB, which loses
    /// packets in bursts (docs/protocol.md §18.5), so we default to 8 MiB.</summary>
    public int KernelBufferBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How often an interface statistics block is written into the stream.</summary>
    public TimeSpan StatisticsInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes buffered between capture and socket (the session buffer) at which the capture stops reading its
    /// kernel rings until the consumer drained the buffer below <see cref="ResumeWriterThreshold"/>.</summary>
    public long PauseWriterThreshold { get; init; } = 4 * 1024 * 1024;

    /// <summary>Buffered bytes below which a paused capture resumes reading.</summary>
    public long ResumeWriterThreshold { get; init; } = 2 * 1024 * 1024;

    /// <summary>How long packets of several interfaces are held to be merged into timestamp order (docs/api.md,
    /// "Time order"); <see cref="TimeSpan.Zero"/> writes them as they are read. Unused with one interface.</summary>
    public TimeSpan ReorderWindow { get; init; } = TimeSpan.FromMilliseconds(DefaultReorderWindowMilliseconds);

    /// <summary>The default <see cref="ReorderWindow"/>: Core's <see cref="Core.Ordering.ReorderWindow.DefaultMilliseconds"/>,
    /// which the client's merge of several hosts uses too.</summary>
    public const int DefaultReorderWindowMilliseconds = Core.Ordering.ReorderWindow.DefaultMilliseconds;

    /// <summary>Text of the pcapng section header comment (the upstream capture-target YAML), or null.</summary>
    public string? SectionComment { get; init; }

    /// <summary>Our own stream connections, left out of every capture in their namespace (docs/architecture.md,
    /// "Our own traffic"); null captures them like any other traffic.</summary>
    public IOwnConnections? OwnTraffic { get; init; }

    /// <summary>How long a capture that sessions share holds its rings for a paused stream before it cuts it loose; null:
    /// what the kernel buffer holds safely (<c>CaptureEngine.HoldTime</c>). Tests set it.</summary>
    internal TimeSpan? ShareHold { get; init; }

    /// <summary>The exclusion clause for the interfaces being opened (set per source by the session).</summary>
    internal string? OwnTrafficExclusion { get; init; }
}
