using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

public sealed class PcapngBlockWriterTests
{
    // LINKTYPE_ETHERNET (1), from the tcpdump.org link-layer header type registry.
    private const ushort LinkTypeEthernet = 1;

    [Fact]
    public void WriteSectionHeader_NoOptions_Writes28ByteBlock()
    {
        var buffer = new ArrayBufferWriter<byte>();

        PcapngBlockWriter.WriteSectionHeader(buffer, comment: null);

        Assert.Equal(
            Convert.FromHexString("0A0D0D0A" + "1C000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "1C000000"),
            buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteSectionHeader_Options_AreInOrderPaddedAndTerminated()
    {
        var buffer = new ArrayBufferWriter<byte>();

        PcapngBlockWriter.WriteSectionHeader(buffer, "hi", "hw", "Linux", "packetflix");

        var expectedOptions = "0100" + "0200" + "68690000"
            + "0200" + "0200" + "68770000"
            + "0300" + "0500" + "4C696E7578000000"
            + "0400" + "0A00" + "7061636B6574666C69780000"
            + "00000000";
        var bytes = buffer.WrittenSpan.ToArray();
        Assert.Equal(28 + (expectedOptions.Length / 2), bytes.Length);
        Assert.Equal(Convert.FromHexString(expectedOptions), bytes[24..^4]);
        Assert.Equal((byte)bytes.Length, bytes[4]);
        Assert.Equal((byte)bytes.Length, bytes[^4]);
    }

    [Fact]
    public void WriteInterfaceDescription_AllOptions_EncodesTsresolAndFilterKind()
    {
        var buffer = new ArrayBufferWriter<byte>();

        PcapngBlockWriter.WriteInterfaceDescription(buffer, LinkTypeEthernet, 262144, "eth0", "d", "tcp");

        var expected = "01000000" + "38000000" + "0100" + "0000" + "00000400"
            + "0200" + "0400" + "65746830"
            + "0300" + "0100" + "64000000"
            + "0900" + "0100" + "09000000"
            + "0B00" + "0400" + "00746370"
            + "00000000"
            + "38000000";
        Assert.Equal(Convert.FromHexString(expected), buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(1, 36)]
    [InlineData(4, 36)]
    [InlineData(5, 40)]
    [InlineData(1514, 1548)]
    public void EnhancedPacketBlockLength_CapturedLength_PadsTo32Bits(int captured, int expected)
    {
        Assert.Equal(expected, PcapngBlockWriter.EnhancedPacketBlockLength(captured));
    }

    [Fact]
    public void WriteEnhancedPacket_OddLength_SplitsTimestampAndPadsWithZeros()
    {
        var buffer = new ArrayBufferWriter<byte>();

        PcapngBlockWriter.WriteEnhancedPacket(buffer, 1, 0x0000000112345678, [0xAA, 0xBB, 0xCC], 60);

        var expected = "06000000" + "24000000" + "01000000" + "01000000" + "78563412"
            + "03000000" + "3C000000" + "AABBCC00" + "24000000";
        Assert.Equal(Convert.FromHexString(expected), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteInterfaceStatistics_NoCounters_WritesBareBlock()
    {
        var buffer = new ArrayBufferWriter<byte>();

        PcapngBlockWriter.WriteInterfaceStatistics(buffer, 0, 5, new InterfaceStatistics());

        Assert.Equal(
            Convert.FromHexString("05000000" + "18000000" + "00000000" + "00000000" + "05000000" + "18000000"),
            buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteInterfaceStatistics_AllCounters_RoundTripsThroughReader()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var statistics = new InterfaceStatistics
        {
            StartTime = 0x0000000100000002,
            EndTime = 0x0000000300000004,
            InterfaceReceived = 10,
            InterfaceDropped = 1,
            FilterAccepted = 9,
            OsDropped = 2,
            UserDelivered = 7,
            Comment = "counters",
        };
        PcapngBlockWriter.WriteSectionHeader(buffer, null);
        PcapngBlockWriter.WriteInterfaceStatistics(buffer, 3, 0x0000000500000006, statistics);

        var blocks = PcapngReader.ReadAll(buffer.WrittenMemory);

        var isb = Assert.IsType<InterfaceStatisticsBlock>(blocks[1]);
        Assert.Equal(new InterfaceStatisticsBlock(3, 0x0000000500000006, statistics), isb);
        // 12 framing + 12 fixed + comment (4 + 8) + 7 counters of 12 + end of options (4).
        Assert.Equal(12 + 12 + 12 + (7 * 12) + 4, buffer.WrittenCount - 28);
    }

    [Fact(Timeout = 30000)]
    public async Task WriteCapture_TwoInterfaces_ReaderAndTsharkAgree()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var small = Enumerable.Range(0, 61).Select(i => (byte)i).ToArray();
        var large = Enumerable.Range(0, 1514).Select(i => (byte)(i * 7)).ToArray();
        PcapngBlockWriter.WriteSectionHeader(buffer, "test capture", "x86_64", "Linux", "packetflix tests");
        PcapngBlockWriter.WriteInterfaceDescription(buffer, LinkTypeEthernet, 262144, "eth0", "uplink", "tcp port 80");
        PcapngBlockWriter.WriteInterfaceDescription(buffer, LinkTypeEthernet, 65535, "lo");
        const ulong T0 = 1_700_000_000_123_456_789;
        PcapngBlockWriter.WriteEnhancedPacket(buffer, 0, T0, small, 61);
        PcapngBlockWriter.WriteEnhancedPacket(buffer, 1, T0 + 1000, large, 1514);
        PcapngBlockWriter.WriteEnhancedPacket(buffer, 0, T0 + 2000, large.AsSpan(0, 100), 1514);
        PcapngBlockWriter.WriteInterfaceStatistics(buffer, 0, T0 + 3000, new InterfaceStatistics
        {
            StartTime = T0,
            EndTime = T0 + 3000,
            InterfaceReceived = 2,
            InterfaceDropped = 0,
            OsDropped = 0,
            UserDelivered = 2,
        });

        var blocks = PcapngReader.ReadAll(buffer.WrittenMemory);

        Assert.Equal(7, blocks.Count);
        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Equal("test capture", shb.Comment);
        var eth0 = Assert.IsType<InterfaceDescriptionBlock>(blocks[1]);
        Assert.Equal(("eth0", "uplink", "tcp port 80", (byte)9), (eth0.Name, eth0.Description, eth0.Filter, eth0.TimestampResolution));
        Assert.Equal("lo", Assert.IsType<InterfaceDescriptionBlock>(blocks[2]).Name);
        var epb = Assert.IsType<EnhancedPacketBlock>(blocks[4]);
        Assert.Equal((1u, T0 + 1000, 1514u, 1514u), (epb.InterfaceId, epb.Timestamp, epb.CapturedLength, epb.OriginalLength));
        Assert.Equal(large, epb.Data.ToArray());
        Assert.Equal(2ul, Assert.IsType<InterfaceStatisticsBlock>(blocks[6]).Statistics.UserDelivered);

        using var temp = new TestTempDirectory();
        var file = temp.File("capture.pcapng");
        await File.WriteAllBytesAsync(file, buffer.WrittenMemory.ToArray(), TestContext.Current.CancellationToken);
        var lines = await Tshark.ReadFieldsAsync(
            file, TestContext.Current.CancellationToken, "frame.interface_name", "frame.len", "frame.cap_len", "frame.time_epoch");
        Assert.Equal(
            [
                "eth0\t61\t61\t1700000000.123456789",
                "lo\t1514\t1514\t1700000000.123457789",
                "eth0\t1514\t100\t1700000000.123458789",
            ],
            lines);
        var stats = await Tshark.RunAsync(["-r", file, "-q", "-z", "io,stat,0"], TestContext.Current.CancellationToken);
        var row = Assert.Single(stats.Split('\n'), line => line.Contains("<>", StringComparison.Ordinal));
        Assert.Equal(["3", "3089"], row.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..]);
    }
}
