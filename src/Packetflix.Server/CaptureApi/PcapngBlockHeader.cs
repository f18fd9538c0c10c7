using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Server.CaptureApi;

/// <summary>Reads block headers out of the capture pipe with Core's <see cref="PcapngSequenceWalker"/>. The pipe only
/// ever holds little-endian sections that we wrote (docs/api.md), so data cut anywhere on a block boundary is walked
/// as if inside such a section; an SHB in it still sets the byte order from its magic (pcapng §4.1).</summary>
internal static class PcapngBlockHeader
{
    /// <summary>pcapng §4.3: Enhanced Packet Block type.</summary>
    public const uint EnhancedPacketBlockType = PcapngBlockTypes.EnhancedPacket;

    /// <summary>Type and total length of the block at <paramref name="offset"/>; false when the buffer does not hold
    /// a whole, well-framed block there (pcapng §3.1).</summary>
    public static bool TryRead(ReadOnlySequence<byte> buffer, long offset, out uint type, out uint length)
    {
        type = length = 0;
        if (offset >= buffer.Length)
        {
            return false;
        }

        var walker = new PcapngSequenceWalker(buffer.Slice(offset), PcapngReaderState.InLittleEndianSection);
        if (walker.ReadNext(out var block) != PcapngWalkStatus.Block)
        {
            return false;
        }

        type = block.Type;
        length = (uint)block.TotalLength;
        return true;
    }
}
