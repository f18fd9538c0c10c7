using System.Buffers;
using System.Text;
using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

public sealed class PcapngBlockWalkerTests
{
    [Fact]
    public void ReadNext_LittleEndianCapture_YieldsEveryBlockWithItsFields()
    {
        var data = PcapngSamples.LittleEndianCapture();
        var walker = new PcapngBlockWalker(data);

        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var shb));
        Assert.Equal((PcapngBlockTypes.SectionHeader, false, (ushort)1, (ushort)0, -1L),
            (shb.Type, shb.BigEndian, shb.MajorVersion, shb.MinorVersion, shb.SectionLength));
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var idb));
        Assert.Equal((PcapngBlockTypes.InterfaceDescription, (ushort)1, 262144u), (idb.Type, idb.LinkType, idb.SnapLength));
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var small));
        Assert.Equal((0u, 0x0000000100000002ul, 5u, 64u), (small.InterfaceId, small.Timestamp, small.CapturedLength, small.OriginalLength));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, small.PacketData.ToArray());
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var large));
        Assert.Equal(PcapngSamples.Frame(60), large.PacketData.ToArray());
        Assert.Equal(PcapngConstants.EnhancedPacketFixedLength + 60, large.TotalLength);
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var isb));
        Assert.Equal((PcapngBlockTypes.InterfaceStatistics, 0u, 0x0000000100000004ul), (isb.Type, isb.InterfaceId, isb.Timestamp));
        Assert.True(isb.TryReadStatistics(out var statistics, out _));
        Assert.Equal(PcapngSamples.Statistics, statistics);
        Assert.Equal(PcapngWalkStatus.End, walker.ReadNext(out _));
        Assert.Equal(data.Length, walker.Consumed);
        Assert.Equal(PcapngWalkStatus.End, walker.ReadNext(out _));
    }

    [Fact]
    public void ReadNext_BigEndianSection_ReadsFieldsInTheSectionsByteOrder()
    {
        var walker = new PcapngBlockWalker(PcapngSamples.BigEndianSection());

        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var shb));
        Assert.True(shb.BigEndian);
        Assert.Equal(36, shb.TotalLength);
        Assert.Equal("BE", Comment(shb));
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var idb));
        Assert.Equal(((ushort)1, 65535u), (idb.LinkType, idb.SnapLength));
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var epb));
        Assert.Equal((0u, 0x0000000100000002ul, 5u, 64u), (epb.InterfaceId, epb.Timestamp, epb.CapturedLength, epb.OriginalLength));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, epb.PacketData.ToArray());
        Assert.Equal(PcapngWalkStatus.End, walker.ReadNext(out _));
        Assert.True(walker.State.BigEndian);
    }

    [Fact]
    public void ReadNext_SectionsOfDifferentByteOrder_FollowsEachSectionsMagic()
    {
        byte[] data = [.. PcapngSamples.BigEndianSection(), .. PcapngSamples.LittleEndianCapture(), .. PcapngSamples.BigEndianSection()];
        var walker = new PcapngBlockWalker(data);
        var orders = new List<(uint Type, bool BigEndian)>();
        while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            orders.Add((block.Type, block.BigEndian));
        }

        Assert.Equal(data.Length, walker.Consumed);
        Assert.Equal(
            [true, true, true, false, false, false, false, false, true, true, true],
            orders.Select(o => o.BigEndian));
        Assert.Equal(3, orders.Count(o => o.Type == PcapngBlockTypes.SectionHeader));
    }

    [Fact]
    public void ReadNext_StateFromEarlierBytes_ContinuesTheSection()
    {
        var data = PcapngSamples.BigEndianSection();
        var first = new PcapngBlockWalker(data.AsSpan(0, 36));
        Assert.Equal(PcapngWalkStatus.Block, first.ReadNext(out _));

        var rest = new PcapngBlockWalker(data.AsSpan(36), first.State);

        Assert.Equal(PcapngWalkStatus.Block, rest.ReadNext(out var idb));
        Assert.Equal(65535u, idb.SnapLength);
    }

    [Fact]
    public void ReadNext_EveryTruncation_NeedsMoreDataWithoutMoving()
    {
        var data = PcapngSamples.LittleEndianCapture();
        var boundaries = Boundaries(data);
        for (var cut = 0; cut < data.Length; cut++)
        {
            var walker = new PcapngBlockWalker(data.AsSpan(0, cut));
            PcapngWalkStatus status;
            while ((status = walker.ReadNext(out _)) == PcapngWalkStatus.Block)
            {
            }

            var blockStart = boundaries.Last(b => b <= cut);
            Assert.Equal(blockStart, walker.Consumed);
            Assert.Equal(blockStart == cut ? PcapngWalkStatus.End : PcapngWalkStatus.NeedMoreData, status);
        }
    }

    [Theory]
    [InlineData("01000000" + "0C000000" + "0C000000", PcapngBlockError.NoSectionHeader)]
    [InlineData("0A0D0D0A" + "1C000000" + "11223344", PcapngBlockError.UnknownByteOrderMagic)]
    [InlineData("0A0D0D0A" + "08000000" + "4D3C2B1A", PcapngBlockError.InvalidLength)]
    [InlineData("0A0D0D0A" + "1D000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "1C00000000", PcapngBlockError.InvalidLength)]
    [InlineData("0A0D0D0A" + "00000080" + "4D3C2B1A", PcapngBlockError.InvalidLength)]
    [InlineData("0A0D0D0A" + "1C000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "20000000", PcapngBlockError.TrailerMismatch)]
    [InlineData("0A0D0D0A" + "18000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFF" + "18000000", PcapngBlockError.BlockTooShort)]
    public void ReadNext_MalformedFraming_ReportsTypedErrorWithoutMoving(string hex, PcapngBlockError expected)
    {
        var data = Convert.FromHexString(hex);
        var walker = new PcapngBlockWalker(data);

        Assert.Equal(PcapngWalkStatus.Malformed, walker.ReadNext(out _));
        Assert.Equal(expected, walker.Malformation.Error);
        Assert.Equal(0, walker.Consumed);
        Assert.Equal(PcapngWalkStatus.Malformed, walker.ReadNext(out _));
    }

    [Fact]
    public void ReadNext_CapturedLengthPastPacketData_ReportsItAfterTheGoodBlocks()
    {
        var header = PcapngSamples.LittleEndianHeader();
        // §4.3: a 32-byte EPB has no packet data, yet claims 100 captured bytes.
        byte[] data = [.. header, .. Convert.FromHexString(
            "06000000" + "20000000" + "00000000" + "00000000" + "00000000" + "64000000" + "64000000" + "20000000")];
        var walker = new PcapngBlockWalker(data);

        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out _));
        Assert.Equal(PcapngWalkStatus.Malformed, walker.ReadNext(out _));
        Assert.Equal(new PcapngMalformation(PcapngBlockError.CapturedLengthTooLarge, PcapngBlockTypes.EnhancedPacket, 100, 0),
            walker.Malformation);
        Assert.Equal(header.Length, walker.Consumed);
        Assert.Contains("captured length 100", walker.Malformation.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_UnknownBlockType_HandsItOverWholeAndGoesOn()
    {
        var buffer = new ArrayBufferWriter<byte>();
        PcapngBlockWriter.WriteSectionHeader(buffer, null);
        // A Decryption Secrets Block (type 0x0000000A, §4.7) is not interpreted.
        buffer.Write(Convert.FromHexString("0A000000" + "14000000" + "AABBCCDD" + "01020304" + "14000000"));
        PcapngBlockWriter.WriteInterfaceDescription(buffer, 1, 0, "eth1");
        var walker = new PcapngBlockWalker(buffer.WrittenSpan);

        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out _));
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var unknown));
        Assert.Equal(0x0000000Au, unknown.Type);
        Assert.Equal(Convert.FromHexString("AABBCCDD01020304"), unknown.Body.ToArray());
        Assert.False(unknown.Options.MoveNext());
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var idb));
        Assert.Equal("eth1", OptionText(idb, PcapngConstants.IfName));
    }

    [Fact]
    public void Options_SectionHeader_EnumeratesValuesWithoutPadding()
    {
        var walker = new PcapngBlockWalker(PcapngSamples.LittleEndianCapture());
        walker.ReadNext(out var shb);

        var options = new List<(ushort, string)>();
        foreach (var option in shb.Options)
        {
            options.Add((option.Code, Encoding.UTF8.GetString(option.Value)));
        }

        Assert.Equal([(1, "LE"), (2, "x86_64"), (3, "Linux"), (4, "tests")], options);
        Assert.True(shb.HasWellFormedOptions(out _));
    }

    [Fact]
    public void Options_ValueRunsPastTheBlock_ReportsOptionOverrun()
    {
        var data = Convert.FromHexString(
            "0A0D0D0A" + "20000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "01000800" + "20000000");
        var walker = new PcapngBlockWalker(data);
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var shb));

        var options = shb.Options;

        Assert.False(options.MoveNext());
        Assert.Equal(new PcapngMalformation(PcapngBlockError.OptionOverrun, PcapngBlockTypes.SectionHeader, 1, 8), options.Malformation);
        Assert.False(shb.HasWellFormedOptions(out var malformation));
        Assert.Contains("option 1 with length 8", malformation.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadStatistics_CounterOfWrongSize_ReportsIt()
    {
        byte[] data = [.. PcapngSamples.LittleEndianHeader(), .. Convert.FromHexString(
            "05000000" + "24000000" + "00000000" + "00000000" + "00000000" + "07000400" + "01000000" + "00000000" + "24000000")];
        var walker = new PcapngBlockWalker(data);
        walker.ReadNext(out _);
        Assert.Equal(PcapngWalkStatus.Block, walker.ReadNext(out var isb));

        Assert.False(isb.TryReadStatistics(out _, out var malformation));
        Assert.Equal(PcapngBlockError.StatisticsOptionSize, malformation.Error);
    }

    [Fact]
    public void PacketFields_OfAnotherBlockType_Throw()
    {
        var data = PcapngSamples.LittleEndianCapture();

        Assert.Throws<InvalidOperationException>(() =>
        {
            var walker = new PcapngBlockWalker(data);
            walker.ReadNext(out var shb);
            return shb.InterfaceId;
        });
    }

    /// <summary>Offsets where blocks start, plus the end.</summary>
    internal static List<int> Boundaries(byte[] data)
    {
        var boundaries = new List<int> { 0 };
        var walker = new PcapngBlockWalker(data);
        while (walker.ReadNext(out _) == PcapngWalkStatus.Block)
        {
            boundaries.Add(walker.Consumed);
        }

        Assert.Equal(data.Length, boundaries[^1]);
        return boundaries;
    }

    private static string? Comment(PcapngBlockView block) => OptionText(block, PcapngConstants.OptComment);

    private static string? OptionText(PcapngBlockView block, ushort code)
    {
        foreach (var option in block.Options)
        {
            if (option.Code == code)
            {
                return Encoding.UTF8.GetString(option.Value);
            }
        }

        return null;
    }
}
