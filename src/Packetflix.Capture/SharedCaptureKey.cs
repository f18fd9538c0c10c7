namespace Packetflix.Capture;

/// <summary>What two single-target sessions must have in common to share one capture: the namespace, the interfaces as
/// asked for, and every setting that shapes the kernel ring or the packets (docs/architecture.md, "Shared captures").
/// The section comment, the interface description and the session buffer are each session's own.</summary>
internal readonly record struct SharedCaptureKey
{
    public SharedCaptureKey(ulong netnsInode, string interfaces, CaptureOptions options)
    {
        NetnsInode = netnsInode;
        Interfaces = interfaces;
        SnapLength = options.SnapLength;
        Promiscuous = options.Promiscuous;
        Filter = options.Filter ?? "";
        KernelBufferBytes = options.KernelBufferBytes;
        StatisticsInterval = options.StatisticsInterval;
        ReorderWindow = options.ReorderWindow;
        OwnTraffic = options.OwnTraffic;
    }

    public ulong NetnsInode { get; }

    public string Interfaces { get; }

    public int SnapLength { get; }

    public bool Promiscuous { get; }

    public string Filter { get; }

    public int KernelBufferBytes { get; }

    public TimeSpan StatisticsInterval { get; }

    public TimeSpan ReorderWindow { get; }

    /// <summary>Compared by reference: the one registry of the server's own connections, or none.</summary>
    public IOwnConnections? OwnTraffic { get; }
}
