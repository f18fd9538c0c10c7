using System.Buffers.Binary;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// The framing rules both walkers share (draft-ietf-opsawg-pcapng §3.1 General Block Structure, §4.1 byte order),
/// written once over the first bytes of a block so a span and a segmented sequence are judged alike.
/// </summary>
internal static class PcapngFraming
{
    /// <summary>Bytes at a block's start that cover every fixed field checked here: the 28 of a minimal SHB (§4.1)
    /// include the EPB captured length at offset 20 (§4.3).</summary>
    public const int HeadLength = 28;

    /// <summary>The byte-order magic as it reads in a little-endian section (§4.1).</summary>
    private const uint SwappedByteOrderMagic = 0x4D3C2B1A;

    /// <summary>Reads the type and total length of the block whose first <c>min(HeadLength, available)</c> bytes are
    /// <paramref name="head"/>. <see cref="PcapngWalkStatus.Block"/> means the whole block is available.</summary>
    public static PcapngWalkStatus ReadHeader(
        ReadOnlySpan<byte> head, long available, PcapngReaderState state, out PcapngBlockFrame frame, out PcapngMalformation malformation)
    {
        frame = default;
        malformation = default;
        if (available == 0)
        {
            return PcapngWalkStatus.End;
        }

        if (head.Length < 8)
        {
            return PcapngWalkStatus.NeedMoreData;
        }

        // §4.1: the SHB type is a palindrome, so it is recognised before the byte order is known; its byte-order
        // magic then fixes the order of every field of the section, the SHB's own length included.
        var isSectionHeader = BinaryPrimitives.ReadUInt32LittleEndian(head) == PcapngConstants.SectionHeaderBlockType;
        var bigEndian = state.BigEndian;
        if (isSectionHeader)
        {
            if (head.Length < 12)
            {
                return PcapngWalkStatus.NeedMoreData;
            }

            var magic = BinaryPrimitives.ReadUInt32BigEndian(head[8..]);
            if (magic is not PcapngConstants.ByteOrderMagic and not SwappedByteOrderMagic)
            {
                malformation = new(PcapngBlockError.UnknownByteOrderMagic, PcapngConstants.SectionHeaderBlockType, magic, 0);
                return PcapngWalkStatus.Malformed;
            }

            bigEndian = magic == PcapngConstants.ByteOrderMagic;
        }
        else if (!state.InSection)
        {
            malformation = new(PcapngBlockError.NoSectionHeader, 0, 0, 0);
            return PcapngWalkStatus.Malformed;
        }

        var reader = new EndianReader(bigEndian);
        var type = reader.UInt32(head);
        var length = reader.UInt32(head[4..]);

        // §3.1: the total length counts the 12 framing bytes and keeps every block 32-bit aligned.
        if (length < PcapngConstants.BlockOverhead || length % 4 != 0 || length > int.MaxValue)
        {
            malformation = new(PcapngBlockError.InvalidLength, type, length, 0);
            return PcapngWalkStatus.Malformed;
        }

        if (available < length)
        {
            return PcapngWalkStatus.NeedMoreData;
        }

        frame = new PcapngBlockFrame(type, (int)length, bigEndian);
        return PcapngWalkStatus.Block;
    }

    /// <summary>Checks the trailing length (§3.1) and the fixed part of the block types we interpret, so that
    /// <see cref="PcapngBlockView"/>'s accessors never read past the block.</summary>
    public static bool Check(ReadOnlySpan<byte> head, uint trailer, PcapngBlockFrame frame, out PcapngMalformation malformation)
    {
        malformation = default;
        if (trailer != frame.Length)
        {
            malformation = new(PcapngBlockError.TrailerMismatch, frame.Type, trailer, frame.Length);
            return false;
        }

        var minimum = frame.Type switch
        {
            PcapngConstants.SectionHeaderBlockType => PcapngConstants.MinimumSectionHeaderLength,
            PcapngConstants.InterfaceDescriptionBlockType => PcapngBlockView.InterfaceDescriptionOptionsOffset + 4,
            PcapngConstants.EnhancedPacketBlockType => PcapngConstants.EnhancedPacketFixedLength,
            PcapngConstants.InterfaceStatisticsBlockType => PcapngBlockView.InterfaceStatisticsOptionsOffset + 4,
            _ => PcapngConstants.BlockOverhead,
        };
        if (frame.Length < minimum)
        {
            malformation = new(PcapngBlockError.BlockTooShort, frame.Type, frame.Length, minimum);
            return false;
        }

        if (frame.Type == PcapngConstants.EnhancedPacketBlockType)
        {
            var captured = frame.Reader.UInt32(head[PcapngBlockView.CapturedLengthOffset..]);
            var dataBytes = frame.Length - PcapngConstants.EnhancedPacketFixedLength;
            if (captured > dataBytes)
            {
                malformation = new(PcapngBlockError.CapturedLengthTooLarge, frame.Type, captured, dataBytes);
                return false;
            }
        }

        return true;
    }

    /// <summary>The section state after <paramref name="frame"/>: an SHB starts a section in its own byte order.</summary>
    public static PcapngReaderState After(PcapngReaderState state, PcapngBlockFrame frame) =>
        frame.Type == PcapngConstants.SectionHeaderBlockType
            ? new PcapngReaderState { InSection = true, BigEndian = frame.BigEndian }
            : state;
}
