using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// Parses pcapng (draft-ietf-opsawg-pcapng) in either byte order, across multiple sections, into block records; block
/// types it does not interpret come back as <see cref="UnknownBlock"/>. Framing is <see cref="PcapngBlockWalker"/>'s;
/// packet data, bodies and option values are slices of the memory passed in, not copies. Code that only needs to look
/// at blocks should walk them instead, which allocates nothing.
/// </summary>
public static class PcapngReader
{
    /// <summary>Parses a complete pcapng byte sequence; the blocks refer to <paramref name="data"/>.</summary>
    /// <exception cref="InvalidDataException">The data is malformed or truncated.</exception>
    public static IReadOnlyList<PcapngBlock> ReadAll(ReadOnlyMemory<byte> data)
    {
        var blocks = new List<PcapngBlock>();
        var state = default(PcapngReaderState);
        var offset = 0;
        while (offset < data.Length)
        {
            if (!TryReadBlock(data[offset..], ref state, out var block, out var consumed))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"pcapng data is truncated: the block at offset {offset} needs more than the {data.Length - offset} bytes left."));
            }

            blocks.Add(block);
            offset += consumed;
        }

        return blocks;
    }

    /// <summary>
    /// Parses the block at the start of <paramref name="data"/>; the block refers to <paramref name="data"/>. Returns
    /// <see langword="false"/> when <paramref name="data"/> does not yet hold the whole block.
    /// </summary>
    /// <exception cref="InvalidDataException">The block is malformed.</exception>
    public static bool TryReadBlock(
        ReadOnlyMemory<byte> data,
        ref PcapngReaderState state,
        [NotNullWhen(true)] out PcapngBlock? block,
        out int consumed)
    {
        block = null;
        consumed = 0;
        var walker = new PcapngBlockWalker(data.Span, state);
        var status = walker.ReadNext(out var view);
        if (status == PcapngWalkStatus.Malformed)
        {
            throw new InvalidDataException(walker.Malformation.Describe());
        }

        if (status != PcapngWalkStatus.Block)
        {
            return false;
        }

        block = ToBlock(view, data[..view.TotalLength]);
        state = walker.State;
        consumed = walker.Consumed;
        return true;
    }

    /// <summary>
    /// Like <see cref="TryReadBlock(ReadOnlyMemory{byte}, ref PcapngReaderState, out PcapngBlock?, out int)"/>, for
    /// bytes that cannot outlive the call: the block's bytes are copied once, and its fields slice that copy.
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
        var walker = new PcapngBlockWalker(data, state);
        var status = walker.ReadNext(out var view);
        if (status == PcapngWalkStatus.Malformed)
        {
            throw new InvalidDataException(walker.Malformation.Describe());
        }

        if (status != PcapngWalkStatus.Block)
        {
            return false;
        }

        var copy = view.Bytes.ToArray();
        block = ToBlock(new PcapngBlockView(copy, view.Type, view.BigEndian), copy);
        state = walker.State;
        consumed = walker.Consumed;
        return true;
    }

    /// <summary>The record for <paramref name="view"/>, whose bytes are <paramref name="memory"/>.</summary>
    private static PcapngBlock ToBlock(PcapngBlockView view, ReadOnlyMemory<byte> memory) => view.Type switch
    {
        PcapngConstants.SectionHeaderBlockType => new SectionHeaderBlock(
            view.BigEndian, view.MajorVersion, view.MinorVersion, view.SectionLength, ReadOptions(view, memory)),
        PcapngConstants.InterfaceDescriptionBlockType => new InterfaceDescriptionBlock(
            view.LinkType, view.SnapLength, ReadOptions(view, memory)),
        PcapngConstants.EnhancedPacketBlockType => new EnhancedPacketBlock(
            view.InterfaceId,
            view.Timestamp,
            view.CapturedLength,
            view.OriginalLength,
            memory.Slice(PcapngBlockView.PacketDataOffset, (int)view.CapturedLength)),
        PcapngConstants.InterfaceStatisticsBlockType => ReadInterfaceStatistics(view),
        _ => new UnknownBlock(view.Type, memory[8..^4]),
    };

    private static InterfaceStatisticsBlock ReadInterfaceStatistics(PcapngBlockView view) =>
        view.TryReadStatistics(out var statistics, out var malformation)
            ? new InterfaceStatisticsBlock(view.InterfaceId, view.Timestamp, statistics)
            : throw new InvalidDataException(malformation.Describe());

    private static List<PcapngOption> ReadOptions(PcapngBlockView view, ReadOnlyMemory<byte> memory)
    {
        var result = new List<PcapngOption>();
        var options = view.Options;
        while (options.MoveNext())
        {
            var option = options.Current;
            result.Add(new PcapngOption(option.Code, memory.Slice(option.ValueOffset, option.Value.Length)));
        }

        return options.Malformation.Error == PcapngBlockError.None
            ? result
            : throw new InvalidDataException(options.Malformation.Describe());
    }
}
