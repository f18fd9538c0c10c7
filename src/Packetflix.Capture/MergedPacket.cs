using System.Buffers;

namespace Packetflix.Capture;

/// <summary>A packet held by the session's <see cref="Core.Ordering.TimestampMerger{T}"/>: a copy of its bytes (a rented
/// buffer given back with <see cref="Return"/> once written) and what its Enhanced Packet Block needs.</summary>
internal readonly record struct MergedPacket(CaptureInterface Interface, ulong Timestamp, byte[] Buffer, int CapturedLength,
    uint OriginalLength)
{
    public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, CapturedLength);

    /// <summary>A copy of <paramref name="data"/> in a rented buffer: the capture ring's bytes are reused once read.</summary>
    public static MergedPacket Copy(CaptureInterface iface, ulong timestamp, ReadOnlySpan<byte> data, uint originalLength)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        return new MergedPacket(iface, timestamp, buffer, data.Length, originalLength);
    }

    /// <summary>Gives the buffer back.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
