using System.Buffers;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Core.Tests.Pcapng;

public sealed class PcapngSequenceWalkerTests
{
    [Fact]
    public void ReadNext_EveryTwoSegmentSplit_SameBlocksAsTheSpanWalker()
    {
        byte[] data = [.. PcapngSamples.LittleEndianCapture(), .. PcapngSamples.BigEndianSection()];
        var expected = SpanBlocks(data);
        for (var cut = 1; cut < data.Length; cut++)
        {
            Assert.Equal(expected, SequenceBlocks(BufferSegment.Split(data, cut)));
        }
    }

    [Fact]
    public void ReadNext_OneByteSegments_SameBlocksAsTheSpanWalker()
    {
        byte[] data = [.. PcapngSamples.BigEndianSection(), .. PcapngSamples.LittleEndianCapture()];

        Assert.Equal(SpanBlocks(data), SequenceBlocks(BufferSegment.Bytewise(data)));
    }

    [Fact]
    public void GetView_BlockAcrossSegments_CopiesIntoScratchAndReadsFields()
    {
        var data = PcapngSamples.LittleEndianCapture();
        var boundaries = PcapngBlockWalkerTests.Boundaries(data);
        // Cut the 60-byte EPB (the fourth block) in its packet data.
        var walker = new PcapngSequenceWalker(BufferSegment.Split(data, boundaries[3] + 40));
        PcapngSequenceBlock block = default;
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out block));
        }

        Assert.False(block.TryGetView(out _));
        Span<byte> scratch = stackalloc byte[128];
        var view = block.GetView(scratch);
        Assert.Equal(PcapngSamples.Frame(60), view.PacketData.ToArray());
        Assert.Equal(0x0000000100000003ul, view.Timestamp);
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var isb));
        Assert.True(isb.TryGetView(out var isbView));
        Assert.Equal(0u, isbView.InterfaceId);
    }

    [Fact]
    public void ReadNext_EveryTruncation_NeedsMoreDataAndPositionMarksTheUnreadBytes()
    {
        var data = PcapngSamples.LittleEndianCapture();
        var boundaries = PcapngBlockWalkerTests.Boundaries(data);
        for (var cut = 1; cut < data.Length; cut++)
        {
            var sequence = BufferSegment.Split(data.AsSpan(0, cut).ToArray(), cut / 2);
            var walker = new PcapngSequenceWalker(sequence);
            PcapngWalkStatus status;
            while ((status = walker.ReadNext(out _)) == PcapngWalkStatus.Block)
            {
            }

            var blockStart = boundaries.Last(b => b <= cut);
            Assert.Equal(blockStart == cut ? PcapngWalkStatus.End : PcapngWalkStatus.NeedMoreData, status);
            Assert.Equal(blockStart, walker.Consumed);
            Assert.Equal(cut - blockStart, sequence.Slice(walker.Position).Length);
        }
    }

    [Fact]
    public void ReadNext_TrailerMismatchAcrossSegments_ReportsMalformed()
    {
        var data = PcapngSamples.LittleEndianCapture();
        var boundaries = PcapngBlockWalkerTests.Boundaries(data);
        data[boundaries[2] - 4]++; // the IDB's trailing length
        var walker = new PcapngSequenceWalker(BufferSegment.Split(data, boundaries[2] - 2));

        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out _));
        Assert.Equal(PcapngWalkStatus.Malformed, walker.ReadNext(out _));
        Assert.Equal(PcapngBlockError.TrailerMismatch, walker.Malformation.Error);
        Assert.Equal(boundaries[1], walker.Consumed);
    }

    [Fact]
    public void ReadNext_InLittleEndianSectionState_WalksDataWithoutItsHeader()
    {
        var data = PcapngSamples.LittleEndianCapture();
        var boundaries = PcapngBlockWalkerTests.Boundaries(data);
        var walker = new PcapngSequenceWalker(
            new ReadOnlySequence<byte>(data, boundaries[1], data.Length - boundaries[1]), PcapngReaderState.InLittleEndianSection);

        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var idb));
        Assert.Equal(PcapngBlockTypes.InterfaceDescription, idb.Type);
    }

    private static List<(uint Type, bool BigEndian, string Hex)> SpanBlocks(byte[] data)
    {
        var blocks = new List<(uint, bool, string)>();
        var walker = new PcapngBlockWalker(data);
        while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            blocks.Add((block.Type, block.BigEndian, Convert.ToHexString(block.Bytes)));
        }

        Assert.Equal(PcapngWalkStatus.End, walker.ReadNext(out _));
        return blocks;
    }

    private static List<(uint Type, bool BigEndian, string Hex)> SequenceBlocks(ReadOnlySequence<byte> data)
    {
        var blocks = new List<(uint, bool, string)>();
        var walker = new PcapngSequenceWalker(data);
        while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            blocks.Add((block.Type, block.BigEndian, Convert.ToHexString(block.Data.ToArray())));
        }

        Assert.Equal(PcapngWalkStatus.End, walker.ReadNext(out _));
        Assert.Equal(data.Length, walker.Consumed);
        return blocks;
    }
}
