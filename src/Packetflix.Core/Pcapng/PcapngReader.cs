using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// Parses pcapng (draft-ietf-opsawg-pcapng) in either byte order, across multiple sections; block types it
/// does not interpret come back as <see cref="UnknownBlock"/>.
/// </summary>
public static class PcapngReader
{
    /// <summary>Parses a complete pcapng byte sequence.</summary>
    /// <exception cref="InvalidDataException">The data is malformed or truncated.</exception>
    public static IReadOnlyList<PcapngBlock> ReadAll(ReadOnlySpan<byte> data)
    {
        var blocks = new List<PcapngBlock>();
        var state = default(PcapngReaderState);
        var offset = 0;
        while (offset < data.Length)
        {
            if (!TryReadBlock(data[offset..], ref state, out var block, out var consumed))
            {
                throw new InvalidDataException(
                    $"pcapng data is truncated: the block at offset {offset} needs more than the {data.Length - offset} bytes left.");
            }

            blocks.Add(block);
            offset += consumed;
        }

        return blocks;
    }

    /// <summary>
    /// Parses the block at the start of <paramref name="data"/>. Returns <see langword="false"/> when
    /// <paramref name="data"/> does not yet hold the whole block.
    /// </summary>
    /// <exception cref="InvalidDataException">The block is malformed.</exception>
    public static bool TryReadBlock(
        ReadOnlySpan<byte> data,
        ref PcapngReaderState state,
        [NotNullWhen(true)] out PcapngBlock? block,
        out int consumed)
    {
        block = null;
        consumed = 0;
        if (data.Length < 8)
        {
            return false;
        }

        // §4.1: the SHB type is a palindrome, so it can be recognised before the byte order is known.
        var isSectionHeader = BinaryPrimitives.ReadUInt32LittleEndian(data) == PcapngConstants.SectionHeaderBlockType;
        var bigEndian = state.BigEndian;
        if (isSectionHeader)
        {
            if (data.Length < 12)
            {
                return false;
            }

            var magic = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
            bigEndian = magic switch
            {
                PcapngConstants.ByteOrderMagic => true,
                0x4D3C2B1A => false,
                _ => throw new InvalidDataException($"Invalid pcapng byte-order magic 0x{magic:X8} in section header block."),
            };
        }
        else if (!state.InSection)
        {
            throw new InvalidDataException("pcapng data does not start with a section header block.");
        }

        var reader = new EndianReader(bigEndian);
        var blockType = reader.UInt32(data);
        var length = reader.UInt32(data[4..]);
        if (length < PcapngConstants.BlockOverhead || length % 4 != 0 || length > int.MaxValue)
        {
            throw new InvalidDataException($"Invalid pcapng block length {length} for block type 0x{blockType:X8}.");
        }

        if (data.Length < length)
        {
            return false;
        }

        var total = (int)length;
        var trailer = reader.UInt32(data[(total - 4)..]);
        if (trailer != length)
        {
            throw new InvalidDataException(
                $"pcapng block type 0x{blockType:X8}: trailing length {trailer} differs from leading length {length}.");
        }

        var body = data[8..(total - 4)];
        block = blockType switch
        {
            PcapngConstants.SectionHeaderBlockType => ReadSectionHeader(body, reader),
            PcapngConstants.InterfaceDescriptionBlockType => ReadInterfaceDescription(body, reader),
            PcapngConstants.EnhancedPacketBlockType => ReadEnhancedPacket(body, reader),
            PcapngConstants.InterfaceStatisticsBlockType => ReadInterfaceStatistics(body, reader),
            _ => new UnknownBlock(blockType, body.ToArray()),
        };
        if (isSectionHeader)
        {
            state.InSection = true;
            state.BigEndian = bigEndian;
        }

        consumed = total;
        return true;
    }

    private static SectionHeaderBlock ReadSectionHeader(ReadOnlySpan<byte> body, EndianReader reader)
    {
        // §4.1: magic (4), major (2), minor (2), section length (8), options.
        RequireBody(body, 16, "section header");
        return new SectionHeaderBlock(
            reader.BigEndian,
            reader.UInt16(body[4..]),
            reader.UInt16(body[6..]),
            (long)reader.UInt64(body[8..]),
            ReadOptions(body[16..], reader));
    }

    private static InterfaceDescriptionBlock ReadInterfaceDescription(ReadOnlySpan<byte> body, EndianReader reader)
    {
        // §4.2: link type (2), reserved (2), snap length (4), options.
        RequireBody(body, 8, "interface description");
        return new InterfaceDescriptionBlock(reader.UInt16(body), reader.UInt32(body[4..]), ReadOptions(body[8..], reader));
    }

    private static EnhancedPacketBlock ReadEnhancedPacket(ReadOnlySpan<byte> body, EndianReader reader)
    {
        // §4.3: interface id (4), timestamp (8), captured length (4), original length (4), data, options.
        RequireBody(body, 20, "enhanced packet");
        var captured = reader.UInt32(body[12..]);
        if (captured > body.Length - 20)
        {
            throw new InvalidDataException(
                $"pcapng enhanced packet block: captured length {captured} exceeds the block's {body.Length - 20} data bytes.");
        }

        return new EnhancedPacketBlock(
            reader.UInt32(body),
            reader.Timestamp(body[4..]),
            captured,
            reader.UInt32(body[16..]),
            body.Slice(20, (int)captured).ToArray());
    }

    private static InterfaceStatisticsBlock ReadInterfaceStatistics(ReadOnlySpan<byte> body, EndianReader reader)
    {
        // §4.6: interface id (4), timestamp (8), options.
        RequireBody(body, 12, "interface statistics");
        var statistics = new InterfaceStatistics();
        foreach (var option in ReadOptions(body[12..], reader))
        {
            var value = option.Value.Span;
            if (option.Code == PcapngConstants.OptComment)
            {
                statistics = statistics with { Comment = statistics.Comment ?? Encoding.UTF8.GetString(value) };
                continue;
            }

            if (option.Code is < PcapngConstants.IsbStartTime or > PcapngConstants.IsbUsrDeliv)
            {
                continue;
            }

            if (value.Length != 8)
            {
                throw new InvalidDataException($"pcapng interface statistics option {option.Code} must be 8 bytes long.");
            }

            statistics = option.Code switch
            {
                PcapngConstants.IsbStartTime => statistics with { StartTime = reader.Timestamp(value) },
                PcapngConstants.IsbEndTime => statistics with { EndTime = reader.Timestamp(value) },
                PcapngConstants.IsbIfRecv => statistics with { InterfaceReceived = reader.UInt64(value) },
                PcapngConstants.IsbIfDrop => statistics with { InterfaceDropped = reader.UInt64(value) },
                PcapngConstants.IsbFilterAccept => statistics with { FilterAccepted = reader.UInt64(value) },
                PcapngConstants.IsbOsDrop => statistics with { OsDropped = reader.UInt64(value) },
                _ => statistics with { UserDelivered = reader.UInt64(value) },
            };
        }

        return new InterfaceStatisticsBlock(reader.UInt32(body), reader.Timestamp(body[4..]), statistics);
    }

    private static List<PcapngOption> ReadOptions(ReadOnlySpan<byte> area, EndianReader reader)
    {
        var options = new List<PcapngOption>();
        var pos = 0;
        while (pos + 4 <= area.Length)
        {
            // §3.5: code (2), length (2), value padded to 32 bits; opt_endofopt ends the list.
            var code = reader.UInt16(area[pos..]);
            var length = reader.UInt16(area[(pos + 2)..]);
            if (code == PcapngConstants.OptEndOfOpt)
            {
                break;
            }

            if (pos + 4 + length > area.Length)
            {
                throw new InvalidDataException($"pcapng option {code} with length {length} runs past the end of its block.");
            }

            options.Add(new PcapngOption(code, area.Slice(pos + 4, length).ToArray()));
            pos += 4 + PcapngConstants.Pad4(length);
        }

        return options;
    }

    private static void RequireBody(ReadOnlySpan<byte> body, int minimum, string kind)
    {
        if (body.Length < minimum)
        {
            throw new InvalidDataException($"pcapng {kind} block is too short ({body.Length + 12} bytes).");
        }
    }
}
