using System.Buffers;
using Packetflix.Core.Ordering;
using Packetflix.Core.Pcapng;
using Packetflix.Extcap.Merge;

namespace Packetflix.Extcap.Tests;

/// <summary>The client's merge of several hosts' pcapng streams (docs/clients.md, "Several hosts") on hand-built blocks.</summary>
public sealed class StreamMergerTests
{
    private const ulong Ms = 1_000_000UL;
    private const ulong Epoch = 1_700_000_000_000_000_000UL;
    private static readonly CaptureTargetComment Yaml = new("web", "docker", "hostA")
    {
        Targets = [new CaptureTargetEntry("hostA:web", "docker", "", 1, ["eth0"]), new CaptureTargetEntry("hostB:db", "docker", "", 2, ["eth0"])],
    };

    private static PcapngStreamMerger NewMerger(long maxBytes = 1 << 20) =>
        new(["hostA", "hostB"], Yaml, ReorderWindow.Default, maxBytes);

    private static byte[] Stream(Action<ArrayBufferWriter<byte>> build)
    {
        var writer = new ArrayBufferWriter<byte>();
        build(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static void Header(ArrayBufferWriter<byte> w, string application, params string[] interfaces)
    {
        PcapngBlockWriter.WriteSectionHeader(w, new CaptureTargetComment("x", "docker", "server").ToYaml(), os: "Linux", userApplication: application);
        foreach (var name in interfaces)
        {
            PcapngBlockWriter.WriteInterfaceDescription(w, 1, 262144, name, "docker, netns 1", "icmp");
        }
    }

    private static void Packet(ArrayBufferWriter<byte> w, uint iface, ulong timestamp, byte mark) =>
        PcapngBlockWriter.WriteEnhancedPacket(w, iface, timestamp, [mark, 0, 0, 0, 0, 0], 6);

    /// <summary>The output's blocks; each EPB's first data byte says which input packet it is.</summary>
    private static IReadOnlyList<PcapngBlock> Read(ArrayBufferWriter<byte> output) => PcapngReader.ReadAll(output.WrittenMemory);

    /// <summary>shb_userappl (§4.1, code 4).</summary>
    private static string? UserApplication(SectionHeaderBlock shb) =>
        shb.Options.Where(o => o.Code == 4).Select(o => System.Text.Encoding.UTF8.GetString(o.Value.Span)).FirstOrDefault();

    private static List<(uint Interface, byte Mark)> Packets(ArrayBufferWriter<byte> output) =>
        [.. Read(output).OfType<EnhancedPacketBlock>().Select(p => (p.InterfaceId, p.Data.Span[0]))];

    [Fact]
    public void Add_TwoHostsInterleaved_OneSectionRenamedAndInTimeOrder()
    {
        var merger = NewMerger();
        var output = new ArrayBufferWriter<byte>();
        merger.Add(0, Stream(w =>
        {
            Header(w, "packetflix A", "web/eth0");
            Packet(w, 0, Epoch + (10 * Ms), 1);
            Packet(w, 0, Epoch + (30 * Ms), 3);
            Packet(w, 0, Epoch + (50 * Ms), 5);
        }), now: 1_000 * Ms, statisticsOnly: false, output);
        merger.Add(1, Stream(w =>
        {
            Header(w, "packetflix B", "db/eth0");
            Packet(w, 0, Epoch + (20 * Ms), 2);
            Packet(w, 0, Epoch + (40 * Ms), 4);
        }), now: 1_005 * Ms, statisticsOnly: false, output);

        // Held for the window after their arrival; the header and interfaces are out at once.
        Assert.Empty(Packets(output));
        merger.Release(1_024 * Ms, all: false, output);
        Assert.Empty(Packets(output));
        merger.Release(1_030 * Ms, all: false, output);

        var blocks = Read(output);
        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Single(blocks.OfType<SectionHeaderBlock>());
        Assert.Contains("container-name: web\n", shb.Comment, StringComparison.Ordinal);
        Assert.Contains("targets:\n    - name: ", shb.Comment, StringComparison.Ordinal);
        Assert.Contains("hostA:web", shb.Comment, StringComparison.Ordinal);
        Assert.Contains("hostB:db", shb.Comment, StringComparison.Ordinal);
        Assert.Equal("packetflix A", UserApplication(shb));
        var idbs = blocks.OfType<InterfaceDescriptionBlock>().ToList();
        Assert.Equal(["hostA:web/eth0", "hostB:db/eth0"], idbs.Select(i => i.Name));
        Assert.All(idbs, i => Assert.Equal("icmp", i.Filter));
        Assert.All(idbs, i => Assert.Equal("docker, netns 1", i.Description));
        Assert.All(idbs, i => Assert.Equal(9, i.TimestampResolution));
        Assert.Equal([(0u, (byte)1), (1u, (byte)2), (0u, (byte)3), (1u, (byte)4), (0u, (byte)5)], Packets(output));
        Assert.Equal(0, merger.Late);
    }

    [Fact]
    public void Add_PacketLaterThanTheWindow_WrittenAtOnceOutOfOrderAndCounted()
    {
        var merger = NewMerger();
        var output = new ArrayBufferWriter<byte>();
        merger.Add(0, Stream(w => { Header(w, "A", "web/eth0"); Packet(w, 0, Epoch + (100 * Ms), 1); }), 0, false, output);
        merger.Add(1, Stream(w => Header(w, "B", "db/eth0")), 0, false, output);
        merger.Release(30 * Ms, all: false, output);
        Assert.Single(Packets(output));

        merger.Add(1, Stream(w => Packet(w, 0, Epoch + (60 * Ms), 2)), 40 * Ms, false, output);

        Assert.Equal([(0u, (byte)1), (1u, (byte)2)], Packets(output));
        Assert.Equal(1, merger.Late);
        Assert.Equal(1, merger.Hosts[1].Late);
        Assert.Equal(0, merger.Held);
    }

    [Fact]
    public void Add_SecondSectionInOneStream_InterfacesNumberedAfterTheOthers()
    {
        var merger = NewMerger();
        var output = new ArrayBufferWriter<byte>();
        merger.Add(0, Stream(w => { Header(w, "A", "web/eth0"); Packet(w, 0, Epoch + Ms, 1); }), 0, false, output);
        merger.Add(1, Stream(w => { Header(w, "B", "db/eth0"); Packet(w, 0, Epoch + (2 * Ms), 2); }), 0, false, output);
        merger.Add(0, Stream(w => { Header(w, "A again", "web/lo"); Packet(w, 0, Epoch + (3 * Ms), 3); }), 0, false, output);
        merger.Release(0, all: true, output);

        var blocks = Read(output);
        Assert.Single(blocks.OfType<SectionHeaderBlock>());
        Assert.Equal(["hostA:web/eth0", "hostB:db/eth0", "hostA:web/lo"], blocks.OfType<InterfaceDescriptionBlock>().Select(i => i.Name));
        Assert.Equal([(0u, (byte)1), (1u, (byte)2), (2u, (byte)3)], Packets(output));
    }

    [Fact]
    public void Add_ChunksSplitInsideBlocks_SameAsWhole()
    {
        var whole = NewMerger();
        var split = NewMerger();
        var data = Stream(w => { Header(w, "A", "web/eth0", "web/lo"); Packet(w, 1, Epoch + Ms, 1); Packet(w, 0, Epoch + (2 * Ms), 2); });
        var a = new ArrayBufferWriter<byte>();
        var b = new ArrayBufferWriter<byte>();
        whole.Add(0, data, 0, false, a);
        for (var i = 0; i < data.Length; i += 7)
        {
            split.Add(0, data.AsSpan(i, Math.Min(7, data.Length - i)), 0, false, b);
        }

        whole.Release(0, true, a);
        split.Release(0, true, b);
        Assert.Equal(a.WrittenSpan.ToArray(), b.WrittenSpan.ToArray());
        Assert.Equal([(1u, (byte)1), (0u, (byte)2)], Packets(b));
    }

    [Fact]
    public void Add_MicrosecondAndNanosecondInterfaces_OrderedByTime()
    {
        var merger = NewMerger();
        var output = new ArrayBufferWriter<byte>();
        merger.Add(0, Stream(w => { Header(w, "A", "web/eth0"); Packet(w, 0, Epoch + (20 * Ms), 2); }), 0, false, output);
        merger.Add(1, Stream(w =>
        {
            PcapngBlockWriter.WriteSectionHeader(w, null);
            PcapngBlockWriter.WriteInterfaceDescription(w, 1, 65535, "eth0", timestampResolution: 6);
            Packet(w, 0, (Epoch + (10 * Ms)) / 1000, 1);
            Packet(w, 0, (Epoch + (30 * Ms)) / 1000, 3);
        }), 0, false, output);
        merger.Release(0, all: true, output);

        Assert.Equal([(1u, (byte)1), (0u, (byte)2), (1u, (byte)3)], Packets(output));
        var micro = Read(output).OfType<InterfaceDescriptionBlock>().Last();
        Assert.Equal("hostB:eth0", micro.Name);
        Assert.Equal(6, micro.TimestampResolution);
    }

    [Fact]
    public void EndHost_StreamEnded_ItsInterfacesGetAnEndingIsbWithTheLastCountersAndTheOthersGoOn()
    {
        var merger = NewMerger();
        var output = new ArrayBufferWriter<byte>();
        merger.Add(0, Stream(w => Header(w, "A", "web/eth0")), 0, false, output);
        merger.Add(1, Stream(w =>
        {
            Header(w, "B", "db/eth0", "db/lo");
            PcapngBlockWriter.WriteInterfaceStatistics(w, 0, Epoch, new InterfaceStatistics
            {
                StartTime = Epoch - Ms,
                InterfaceReceived = 9,
                OsDropped = 2,
                UserDelivered = 7,
                Comment = "packetflix dropped 1 buffered packets at session end",
            });
        }), 0, false, output);
        merger.Release(0, all: true, output);

        merger.EndHost(1, "connection lost", 100 * Ms, statisticsOnly: false, output);
        merger.Add(0, Stream(w => Packet(w, 0, Epoch + (200 * Ms), 1)), 200 * Ms, false, output);
        merger.Add(1, Stream(w => Packet(w, 0, Epoch + (200 * Ms), 9)), 200 * Ms, false, output);
        merger.Release(0, all: true, output);

        var ends = Read(output).OfType<InterfaceStatisticsBlock>().Where(b => b.Statistics.EndTime is not null).ToList();
        Assert.Equal([1u, 2u], ends.Select(e => e.InterfaceId));
        var eth0 = ends[0].Statistics;
        Assert.Equal((ulong?)7, eth0.UserDelivered);
        Assert.Equal((ulong?)2, eth0.OsDropped);
        Assert.Equal("packetflix dropped 1 buffered packets at session end; stream from hostB ended: connection lost", eth0.Comment);
        Assert.Equal("stream from hostB ended: connection lost", ends[1].Statistics.Comment);
        Assert.Equal(1, Client.CaptureTally.ParseOurDrops(eth0.Comment));

        // The ended host's later bytes are ignored; the other host goes on.
        Assert.Equal([(0u, (byte)1)], Packets(output));
    }

    [Fact]
    public void Add_BigEndianSection_LeavesThatHostOutWithAReason()
    {
        var merger = NewMerger();
        var output = new ArrayBufferWriter<byte>();
        // A minimal big-endian SHB (§4.1): type, length 28, magic 1A2B3C4D, version 1.0, section length -1, length.
        byte[] shb = [0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 28, 0x1A, 0x2B, 0x3C, 0x4D, 0, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28];
        merger.Add(1, shb, 0, false, output);
        merger.Add(0, Stream(w => { Header(w, "A", "web/eth0"); Packet(w, 0, Epoch, 1); }), 0, false, output);
        merger.Release(0, all: true, output);

        Assert.Contains("big-endian", merger.Hosts[1].Failure, StringComparison.Ordinal);
        Assert.Null(merger.Hosts[0].Failure);
        Assert.Equal("A", UserApplication(Assert.IsType<SectionHeaderBlock>(Read(output)[0])));
        Assert.Single(Packets(output));
    }

    [Fact]
    public void Add_AfterStop_PacketsDiscardedStatisticsWritten()
    {
        var merger = NewMerger();
        var output = new ArrayBufferWriter<byte>();
        merger.Add(0, Stream(w => Header(w, "A", "web/eth0")), 0, false, output);
        merger.Add(0, Stream(w =>
        {
            Packet(w, 0, Epoch, 1);
            PcapngBlockWriter.WriteInterfaceStatistics(w, 0, Epoch + Ms, new InterfaceStatistics { EndTime = Epoch + Ms, UserDelivered = 1 });
        }), 0, statisticsOnly: true, output);

        Assert.Empty(Packets(output));
        Assert.Single(Read(output).OfType<InterfaceStatisticsBlock>());
        Assert.Equal(0, merger.Held);
    }

    [Theory]
    [InlineData(9, 1_700_000_000_123_456_789UL, 1_700_000_000_123_456_789UL)]
    [InlineData(6, 1_700_000_000_123_456UL, 1_700_000_000_123_456_000UL)]
    [InlineData(0x80 | 30, 3UL << 30, 3_000_000_000UL)]
    [InlineData(12, 5_000UL, 5UL)]
    public void InterfaceClock_Resolutions_ToNanoseconds(int resolution, ulong timestamp, ulong nanoseconds)
    {
        var clock = new InterfaceClock((byte)resolution, 0);
        Assert.Equal(nanoseconds, clock.ToNanoseconds(timestamp));
        Assert.Equal(timestamp, clock.FromNanoseconds(nanoseconds));
    }

    [Fact]
    public void InterfaceClock_Offset_AddsSeconds()
    {
        var clock = new InterfaceClock(6, 10);
        Assert.Equal(10_000_001_000UL, clock.ToNanoseconds(1));
        Assert.Equal(1UL, clock.FromNanoseconds(10_000_001_000UL));
    }
}
