using System.Globalization;
using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

/// <summary>
/// The reader against the golden captures in test/data/pcapng (a real dumpcap capture and its big-endian
/// rewrite; see the README there). The node tests of the browser's reader read the same files.
/// </summary>
public sealed class PcapngGoldenFileTests
{
    private const int Frames = 34;

    [Theory]
    [InlineData("capture-le.pcapng", false)]
    [InlineData("capture-be.pcapng", true)]
    public void ReadAll_GoldenCapture_ReadsEveryBlockAndOption(string file, bool bigEndian)
    {
        var blocks = PcapngReader.ReadAll(File.ReadAllBytes(GoldenPath(file)));

        Assert.Equal(Frames + 4, blocks.Count);
        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Equal((bigEndian, (ushort)1, (ushort)0, -1L), (shb.BigEndian, shb.MajorVersion, shb.MinorVersion, shb.SectionLength));
        Assert.Equal("Packetflix golden capture: veth between two test namespaces", shb.Comment);
        Assert.Equal([PcapngConstants.OptComment, PcapngConstants.ShbHardware, PcapngConstants.ShbOs, PcapngConstants.ShbUserApplication],
            shb.Options.Select(o => o.Code));
        // The Decryption Secrets Block editcap injected: a type the reader does not interpret.
        Assert.Equal(0x0000000Au, Assert.IsType<UnknownBlock>(blocks[1]).BlockType);
        var idb = Assert.IsType<InterfaceDescriptionBlock>(blocks[2]);
        Assert.Equal(((ushort)1, 96u, "veth0", "ip or ip6 or arp", (byte)9), (idb.LinkType, idb.SnapLength, idb.Name, idb.Filter, idb.TimestampResolution));
        Assert.Null(idb.Description);
        var packets = blocks.Skip(3).Take(Frames).Select(b => Assert.IsType<EnhancedPacketBlock>(b)).ToList();
        Assert.Equal((0u, 1796159956420707352ul, 96u, 110u), (packets[0].InterfaceId, packets[0].Timestamp, packets[0].CapturedLength, packets[0].OriginalLength));
        Assert.All(packets, p => Assert.Equal((int)p.CapturedLength, p.Data.Length));
        // The ARP request, byte for byte.
        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFF02000000000A080600010800060400010200000000"
            + "0AC0000201000000000000C0000202"), packets[2].Data.ToArray());
        var isb = Assert.IsType<InterfaceStatisticsBlock>(blocks[^1]);
        // dumpcap 4.0 writes isb_starttime/isb_endtime in microseconds whatever if_tsresol says: raw units here.
        Assert.Equal(
            new InterfaceStatistics
            {
                StartTime = 1796159955875009,
                EndTime = 1796159958796431,
                InterfaceReceived = Frames,
                InterfaceDropped = 0,
                Comment = "Counters provided by dumpcap",
            },
            isb.Statistics);
    }

    [Fact]
    public void ReadAll_BigEndianGolden_SamePacketsAsLittleEndian()
    {
        var little = PcapngReader.ReadAll(File.ReadAllBytes(GoldenPath("capture-le.pcapng")));
        var big = PcapngReader.ReadAll(File.ReadAllBytes(GoldenPath("capture-be.pcapng")));

        Assert.Equal(little.Select(b => b.BlockType), big.Select(b => b.BlockType));
        foreach (var (l, b) in little.OfType<EnhancedPacketBlock>().Zip(big.OfType<EnhancedPacketBlock>()))
        {
            Assert.Equal((l.InterfaceId, l.Timestamp, l.CapturedLength, l.OriginalLength), (b.InterfaceId, b.Timestamp, b.CapturedLength, b.OriginalLength));
            Assert.Equal(l.Data.ToArray(), b.Data.ToArray());
        }

        Assert.Equal(((InterfaceStatisticsBlock)little[^1]).Statistics, ((InterfaceStatisticsBlock)big[^1]).Statistics);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("capture-le.pcapng")]
    [InlineData("capture-be.pcapng")]
    public async Task ReadAll_GoldenCapture_PacketsAsTsharkReadsThem(string file)
    {
        var path = GoldenPath(file);
        var rows = await Tshark.ReadFieldsAsync(path, TestContext.Current.CancellationToken, "frame.time_epoch", "frame.cap_len", "frame.len");

        var packets = PcapngReader.ReadAll(File.ReadAllBytes(path)).OfType<EnhancedPacketBlock>();

        // if_tsresol 9: the timestamp counts nanoseconds.
        Assert.Equal(rows, packets.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Timestamp / 1_000_000_000}.{p.Timestamp % 1_000_000_000:D9}\t{p.CapturedLength}\t{p.OriginalLength}")));
    }

    private static string GoldenPath(string file) => Path.Combine(AppContext.BaseDirectory, "data", "pcapng", file);
}
