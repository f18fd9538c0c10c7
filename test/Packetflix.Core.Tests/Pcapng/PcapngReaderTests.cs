using System.Buffers;
using System.Runtime.InteropServices;
using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

public sealed class PcapngReaderTests
{
    private static readonly byte[] BigEndianSection = PcapngSamples.BigEndianSection();

    [Fact]
    public void ReadAll_BigEndianSection_ParsesAllBlocks()
    {
        var blocks = PcapngReader.ReadAll(BigEndianSection);

        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.True(shb.BigEndian);
        Assert.Equal(((ushort)1, (ushort)0, -1L, "BE"), (shb.MajorVersion, shb.MinorVersion, shb.SectionLength, shb.Comment));
        var idb = Assert.IsType<InterfaceDescriptionBlock>(blocks[1]);
        Assert.Equal(((ushort)1, 65535u, "en0", (byte)6), (idb.LinkType, idb.SnapLength, idb.Name, idb.TimestampResolution));
        Assert.Null(idb.Description);
        Assert.Null(idb.Filter);
        var epb = Assert.IsType<EnhancedPacketBlock>(blocks[2]);
        Assert.Equal((0u, 0x0000000100000002ul, 5u, 64u), (epb.InterfaceId, epb.Timestamp, epb.CapturedLength, epb.OriginalLength));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, epb.Data.ToArray());
    }

    [Fact]
    public void ReadAll_SecondSectionChangesByteOrder_FollowsNewSection()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(BigEndianSection);
        PcapngBlockWriter.WriteSectionHeader(buffer, "LE");
        PcapngBlockWriter.WriteInterfaceDescription(buffer, 1, 0, "eth1");

        var blocks = PcapngReader.ReadAll(buffer.WrittenMemory);

        Assert.Equal(5, blocks.Count);
        Assert.False(Assert.IsType<SectionHeaderBlock>(blocks[3]).BigEndian);
        Assert.Equal("eth1", Assert.IsType<InterfaceDescriptionBlock>(blocks[4]).Name);
    }

    [Fact]
    public void ReadAll_UnknownBlockType_ReturnsBody()
    {
        var buffer = new ArrayBufferWriter<byte>();
        PcapngBlockWriter.WriteSectionHeader(buffer, null);
        // A Decryption Secrets Block (type 0x0000000A, §4.7) is not interpreted by the reader.
        buffer.Write(Convert.FromHexString("0A000000" + "14000000" + "AABBCCDD" + "01020304" + "14000000"));

        var blocks = PcapngReader.ReadAll(buffer.WrittenMemory);

        var unknown = Assert.IsType<UnknownBlock>(blocks[1]);
        Assert.Equal(0x0000000Au, unknown.BlockType);
        Assert.Equal(Convert.FromHexString("AABBCCDD01020304"), unknown.Body.ToArray());
    }

    [Fact]
    public void ReadAll_TruncatedInput_ThrowsInvalidData()
    {
        var exception = Assert.Throws<InvalidDataException>(() => PcapngReader.ReadAll(BigEndianSection.AsMemory(0, 70)));

        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01000000" + "0C000000" + "0C000000", "section header")]
    [InlineData("0A0D0D0A" + "1C000000" + "11223344" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "1C000000", "magic")]
    [InlineData("0A0D0D0A" + "1D000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "1C00000000", "length")]
    [InlineData("0A0D0D0A" + "1C000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "20000000", "trailing length")]
    [InlineData("0A0D0D0A" + "20000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "01000800" + "20000000", "option")]
    public void ReadAll_MalformedInput_ThrowsInvalidData(string hex, string expectedInMessage)
    {
        var data = Convert.FromHexString(hex);

        var exception = Assert.Throws<InvalidDataException>(() => PcapngReader.ReadAll(data));

        Assert.Contains(expectedInMessage, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadBlock_BytesArriveOneAtATime_ReturnsFalseUntilBlockComplete()
    {
        var state = default(PcapngReaderState);
        var blocks = new List<PcapngBlock>();
        var start = 0;
        for (var end = 1; end <= BigEndianSection.Length; end++)
        {
            if (PcapngReader.TryReadBlock(BigEndianSection.AsSpan(start, end - start), ref state, out var block, out var consumed))
            {
                blocks.Add(block);
                start += consumed;
            }
        }

        Assert.Equal(BigEndianSection.Length, start);
        Assert.Equal([typeof(SectionHeaderBlock), typeof(InterfaceDescriptionBlock), typeof(EnhancedPacketBlock)], blocks.Select(b => b.GetType()));
        Assert.True(state.BigEndian);
    }

    [Fact]
    public void ReadAll_Memory_PacketDataAndOptionsAreSlicesOfTheInput()
    {
        var data = PcapngSamples.LittleEndianCapture();

        var blocks = PcapngReader.ReadAll(data);

        var epb = Assert.IsType<EnhancedPacketBlock>(blocks[3]);
        Assert.Equal(PcapngSamples.Frame(60), epb.Data.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(epb.Data, out var packet));
        Assert.Same(data, packet.Array);
        var comment = Assert.IsType<SectionHeaderBlock>(blocks[0]).Options[0];
        Assert.True(MemoryMarshal.TryGetArray(comment.Value, out var option));
        Assert.Same(data, option.Array);
    }

    [Fact]
    public void ReadAll_InterfaceStatistics_ReadsCounters()
    {
        var blocks = PcapngReader.ReadAll(PcapngSamples.LittleEndianCapture());

        var isb = Assert.IsType<InterfaceStatisticsBlock>(blocks[4]);
        Assert.Equal(new InterfaceStatisticsBlock(0, 0x0000000100000004, PcapngSamples.Statistics), isb);
    }

    [Fact]
    public void TryReadBlock_Span_CopiesTheBlockSoItOutlivesTheInput()
    {
        var data = PcapngSamples.LittleEndianCapture();
        var state = default(PcapngReaderState);
        var offset = 0;
        PcapngBlock? block = null;
        for (var i = 0; i < 4; i++)
        {
            Assert.True(PcapngReader.TryReadBlock(data.AsSpan(offset), ref state, out block, out var consumed));
            offset += consumed;
        }

        var epb = Assert.IsType<EnhancedPacketBlock>(block);
        Array.Clear(data);
        Assert.Equal(PcapngSamples.Frame(60), epb.Data.ToArray());
    }
}
