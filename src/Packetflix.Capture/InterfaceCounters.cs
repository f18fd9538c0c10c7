namespace Packetflix.Capture;

/// <summary>A point-in-time copy of one interface's counters.</summary>
internal sealed record InterfaceCounters(
    uint InterfaceId,
    string Name,
    ulong NetnsInode,
    bool Open,
    long Captured,
    long Delivered,
    long DroppedByUs,
    long KernelReceived,
    long KernelDropped);
