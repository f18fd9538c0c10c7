namespace Packetflix.Capture;

/// <summary>A packet held by <see cref="TimestampMerger"/>: a copy of its bytes (a rented buffer the merger's
/// consumer returns with <see cref="TimestampMerger.Return"/>) and what its Enhanced Packet Block needs.</summary>
internal readonly record struct MergedPacket(CaptureInterface Interface, ulong Timestamp, byte[] Buffer, int CapturedLength,
    uint OriginalLength)
{
    public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, CapturedLength);
}
