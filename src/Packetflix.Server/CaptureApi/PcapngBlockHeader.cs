using System.Buffers;
using System.Buffers.Binary;

namespace Packetflix.Server.CaptureApi;

/// <summary>Reads block headers out of the capture pipe, which only ever holds little-endian sections that we wrote
/// (docs/api.md), so the message cutter and the download's packet counter need no pcapng parser.</summary>
internal static class PcapngBlockHeader
{
    /// <summary>pcapng §4.3: Enhanced Packet Block type.</summary>
    public const uint EnhancedPacketBlockType = 6;

    /// <summary>pcapng §3.1: type, total length, …, total length.</summary>
    public const int MinimumBlockLength = 12;

    /// <summary>Type and total length of the block at <paramref name="offset"/>; false when the buffer does not hold
    /// a plausible whole block there.</summary>
    public static bool TryRead(ReadOnlySequence<byte> buffer, long offset, out uint type, out uint length)
    {
        type = length = 0;
        Span<byte> header = stackalloc byte[8];
        if (offset + header.Length > buffer.Length)
        {
            return false;
        }

        buffer.Slice(offset, header.Length).CopyTo(header);
        type = BinaryPrimitives.ReadUInt32LittleEndian(header);
        length = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        return length >= MinimumBlockLength && length % 4 == 0 && offset + length <= buffer.Length;
    }
}
