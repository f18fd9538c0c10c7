using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

public sealed class PcapngReaderTests
{
    // A big-endian section: SHB with comment "BE", IDB (Ethernet, if_name "en0"), one 5-byte EPB.
    private static readonly byte[] BigEndianSection = Convert.FromHexString(
        "0A0D0D0A" + "00000024" + "1A2B3C4D" + "0001" + "0000" + "FFFFFFFFFFFFFFFF"
        + "0001" + "0002" + "42450000" + "00000024"
        + "00000001" + "0000001C" + "0001" + "0000" + "0000FFFF" + "0002" + "0003" + "656E3000" + "0000001C"
        + "00000006" + "00000028" + "00000000" + "00000001" + "00000002" + "00000005" + "00000040"
        + "0102030405000000" + "00000028");

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

        var blocks = PcapngReader.ReadAll(buffer.WrittenSpan);

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

        var blocks = PcapngReader.ReadAll(buffer.WrittenSpan);

        var unknown = Assert.IsType<UnknownBlock>(blocks[1]);
        Assert.Equal(0x0000000Au, unknown.BlockType);
        Assert.Equal(Convert.FromHexString("AABBCCDD01020304"), unknown.Body.ToArray());
    }

    [Fact]
    public void ReadAll_TruncatedInput_ThrowsInvalidData()
    {
        var exception = Assert.Throws<InvalidDataException>(() => PcapngReader.ReadAll(BigEndianSection.AsSpan(0, 70)));

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
}
