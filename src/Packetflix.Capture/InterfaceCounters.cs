namespace Packetflix.Capture;

/// <summary>A point-in-time copy of one interface's counters. Once the session is settled (its consumer finished),
/// <c>Captured = Delivered + DroppedByUs + DroppedAtSessionEnd</c> holds exactly.</summary>
public sealed record InterfaceCounters(
    uint InterfaceId,
    string Name,
    ulong NetnsInode,
    bool Open,
    long Captured,
    long Written,
    long Delivered,
    long DroppedByUs,
    long DroppedAtSessionEnd,
    long KernelReceived,
    long KernelDropped);
