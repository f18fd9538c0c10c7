using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;
using Packetflix.Tests.Common;

namespace Packetflix.Capture.Tests;

/// <summary>Sessions of one target with the same settings share one capture (one kernel ring, one read per packet), a
/// stream and its own exact counts each; a stalled one costs the others nothing.</summary>
public sealed class SharedCaptureTests
{
    private static readonly NetnsLocator Locator = new();

    /// <summary>Only our ICMP (IPv6 is off on the pair, so nothing else matches).</summary>
    private static readonly CaptureOptions Icmp = new()
    {
        Filter = "icmp",
        SnapLength = 128,
        StatisticsInterval = TimeSpan.FromMilliseconds(200),
    };

    [Fact(Timeout = 120_000)]
    public async Task OpenAsync_TwoSessionsOneTarget_OneRingEachStreamGetsEveryPacket()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        var shared = new SharedCaptures();
        await using var first = await OpenAsync("first", pair.InodeA, Icmp, shared);
        await using var second = await OpenAsync("second", pair.InodeA, Icmp with { PauseWriterThreshold = 1 << 20, ResumeWriterThreshold = 1 << 19 }, shared);

        // The second session opened no packet socket of its own: it joined the first one's capture.
        Assert.Equal(1, await CaptureSessionTests.PacketSocketsAsync(pair.NameA, ct));
        Assert.Equal(1, shared.Count);
        await Eventually.WaitUntilAsync(() => second.InterfaceCount == 1, Eventually.DefaultDeadline, ct, "the second session joined");

        var (firstBlocks, secondBlocks) = (new List<PcapngBlock>(), new List<PcapngBlock>());
        var reading = Task.WhenAll(CaptureSessionTests.ReadAllAsync(first.Output, firstBlocks, ct),
            CaptureSessionTests.ReadAllAsync(second.Output, secondBlocks, ct));
        await NetnsPair.PingAsync(pair.NameB, NetnsPair.AddressA, 10, ct);
        await Eventually.WaitUntilAsync(() => Packets(firstBlocks) == 20 && Packets(secondBlocks) == 20, Eventually.DefaultDeadline, ct,
            "20 ICMP packets in each stream");
        first.Stop();
        second.Stop();
        await reading;

        foreach (var (session, blocks) in new[] { (first, firstBlocks), (second, secondBlocks) })
        {
            Assert.IsType<SectionHeaderBlock>(blocks[0]);
            Assert.Single(blocks.OfType<InterfaceDescriptionBlock>());
            var final = await FinalStatisticsAsync(session, blocks);
            Assert.Equal(20UL, final.UserDelivered);
            Assert.Equal(20UL, final.InterfaceReceived);
            Assert.Equal(0UL, final.OsDropped);
            Assert.Null(final.Comment);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task OpenAsync_StalledSessionAmongShared_OthersLoseNothingStalledCountsEveryMiss()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        var shared = new SharedCaptures();
        await using var fast = await OpenAsync("fast", pair.InodeA, Icmp, shared);
        // A session buffer of 4 KiB that is never read: it pauses almost at once.
        await using var stalled = await OpenAsync("stalled", pair.InodeA, Icmp with { PauseWriterThreshold = 4096, ResumeWriterThreshold = 2048 },
            shared);
        await Eventually.WaitUntilAsync(() => stalled.InterfaceCount == 1, Eventually.DefaultDeadline, ct, "the stalled session joined");
        var fastBlocks = new List<PcapngBlock>();
        var fastReading = CaptureSessionTests.ReadAllAsync(fast.Output, fastBlocks, ct);

        const int Pings = 2_000;
        await CaptureSessionTests.FloodAsync(pair.NameB, NetnsPair.AddressA, Pings, ct);
        await Eventually.WaitUntilAsync(() => Packets(fastBlocks) == 2 * Pings, Eventually.DefaultDeadline, ct,
            "every request and reply in the fast stream");
        Assert.True(stalled.Statistics()[0].DroppedByUs > 0, "the stalled stream must count what it missed");

        // The stalled session leaves; the capture goes on for the fast one.
        stalled.Stop();
        var stalledBlocks = new List<PcapngBlock>();
        await CaptureSessionTests.ReadAllAsync(stalled.Output, stalledBlocks, ct);
        Assert.Equal(CaptureEndKind.Stopped, (await stalled.Completion.WaitAsync(ct)).Kind);
        Assert.False(fast.Completion.IsCompleted);
        await NetnsPair.PingAsync(pair.NameB, NetnsPair.AddressA, 2, ct);
        await Eventually.WaitUntilAsync(() => Packets(fastBlocks) == 2 * Pings + 4, Eventually.DefaultDeadline, ct, "pings after it left");
        fast.Stop();
        await fastReading;

        var fastFinal = await FinalStatisticsAsync(fast, fastBlocks);
        Assert.Equal((ulong)(2 * Pings + 4), fastFinal.UserDelivered);
        Assert.Equal(0UL, fastFinal.OsDropped);
        Assert.Null(fastFinal.Comment);

        // Every packet the stalled stream was offered is in it or counted: written ones it got, the rest dropped (cause
        // slow-client) or left when it ended, and the kernel dropped none (the ring kept moving for the fast one).
        var final = await FinalStatisticsAsync(stalled, stalledBlocks);
        var counters = stalled.Statistics()[0];
        Assert.Equal(2 * Pings, counters.Captured);
        Assert.Equal(counters.Captured, counters.Written + counters.DroppedByUs);
        Assert.Equal((ulong)Packets(stalledBlocks), final.UserDelivered);
        Assert.Equal((ulong)(2 * Pings), final.InterfaceReceived);
        Assert.Equal(0UL, final.OsDropped);
        Assert.Contains($"packetflix dropped {counters.DroppedByUs} packets because the client did not keep up", final.Comment,
            StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task OpenAsync_PausedStreamHeldFor_TheRingWaitsAndBothStreamsGetTheSame()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        var shared = new SharedCaptures();
        // A hold longer than the test: while the paused stream is held for, the ring is not read, for anyone. Whatever the
        // ring cannot keep meanwhile the kernel drops, for both alike; the paused stream never drops on its own.
        var held = Icmp with { ShareHold = TimeSpan.FromMinutes(10) };
        await using var reading = await OpenAsync("reading", pair.InodeA, held, shared);
        await using var paused = await OpenAsync("paused", pair.InodeA, held with { PauseWriterThreshold = 4096, ResumeWriterThreshold = 2048 },
            shared);
        await Eventually.WaitUntilAsync(() => paused.InterfaceCount == 1, Eventually.DefaultDeadline, ct, "the paused session joined");
        var (readingBlocks, pausedBlocks) = (new List<PcapngBlock>(), new List<PcapngBlock>());
        var readingTask = CaptureSessionTests.ReadAllAsync(reading.Output, readingBlocks, ct);

        // 100 requests and replies (about 16 KB of blocks) overflow the 4 KiB buffer that nobody reads yet.
        await NetnsPair.PingAsync(pair.NameB, NetnsPair.AddressA, 50, ct);
        var pausedTask = CaptureSessionTests.ReadAllAsync(paused.Output, pausedBlocks, ct);
        await Eventually.WaitUntilAsync(() => Accounted(reading) == 100 && Accounted(paused) == 100, Eventually.DefaultDeadline, ct,
            "every packet captured or dropped by the kernel, in both streams");
        await Eventually.WaitUntilAsync(() => Packets(readingBlocks) == reading.Statistics()[0].Captured
            && Packets(pausedBlocks) == paused.Statistics()[0].Captured, Eventually.DefaultDeadline, ct, "every captured packet read");
        reading.Stop();
        paused.Stop();
        await Task.WhenAll(readingTask, pausedTask);

        Assert.Equal(Packets(readingBlocks), Packets(pausedBlocks));
        foreach (var (session, blocks) in new[] { (reading, readingBlocks), (paused, pausedBlocks) })
        {
            Assert.Equal(0, session.Statistics()[0].DroppedByUs);
            var final = await FinalStatisticsAsync(session, blocks);
            Assert.Equal(100UL, final.InterfaceReceived);
            Assert.Equal(100UL, final.UserDelivered + final.OsDropped);
            Assert.Null(final.Comment);
        }
    }

    /// <summary>Packets captured plus those the kernel dropped, as the stream counts them.</summary>
    private static long Accounted(CaptureSession session)
    {
        var counters = session.Statistics()[0];
        return counters.Captured + counters.KernelDropped;
    }

    [Fact(Timeout = 120_000)]
    public async Task OpenAsync_JoinsLater_CountsStartAtTheJoin()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        var shared = new SharedCaptures();
        await using var first = await OpenAsync("first", pair.InodeA, Icmp, shared);
        var firstBlocks = new List<PcapngBlock>();
        var firstReading = CaptureSessionTests.ReadAllAsync(first.Output, firstBlocks, ct);
        await NetnsPair.PingAsync(pair.NameB, NetnsPair.AddressA, 3, ct);
        await Eventually.WaitUntilAsync(() => Packets(firstBlocks) == 6, Eventually.DefaultDeadline, ct, "the first pings");

        await using var later = await OpenAsync("later", pair.InodeA, Icmp, shared);
        Assert.Equal(1, shared.Count);
        await Eventually.WaitUntilAsync(() => later.InterfaceCount == 1, Eventually.DefaultDeadline, ct, "the later session joined");
        var laterBlocks = new List<PcapngBlock>();
        var laterReading = CaptureSessionTests.ReadAllAsync(later.Output, laterBlocks, ct);
        await NetnsPair.PingAsync(pair.NameB, NetnsPair.AddressA, 2, ct);
        await Eventually.WaitUntilAsync(() => Packets(firstBlocks) == 10 && Packets(laterBlocks) == 4, Eventually.DefaultDeadline, ct,
            "the later pings in both streams");

        // The first session leaves, the later one goes on alone; then it too ends, and the capture with it.
        first.Stop();
        await firstReading;
        await NetnsPair.PingAsync(pair.NameB, NetnsPair.AddressA, 1, ct);
        await Eventually.WaitUntilAsync(() => Packets(laterBlocks) == 6, Eventually.DefaultDeadline, ct, "the last ping");
        later.Stop();
        await laterReading;
        await Eventually.WaitUntilAsync(() => shared.Count == 0, Eventually.DefaultDeadline, ct, "the ended capture unlisted");

        Assert.Equal(10UL, (await FinalStatisticsAsync(first, firstBlocks)).InterfaceReceived);
        var final = await FinalStatisticsAsync(later, laterBlocks);
        Assert.Equal(6UL, final.InterfaceReceived);
        Assert.Equal(6UL, final.UserDelivered);
    }

    [Fact(Timeout = 60_000)]
    public async Task OpenAsync_OtherFilter_CaptureOfItsOwn()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        var shared = new SharedCaptures();
        await using var icmp = await OpenAsync("icmp", pair.InodeA, Icmp, shared);
        await using var udp = await OpenAsync("udp", pair.InodeA, Icmp with { Filter = "udp" }, shared);
        Assert.Equal(2, await CaptureSessionTests.PacketSocketsAsync(pair.NameA, ct));
        Assert.Equal(2, shared.Count);
    }

    private static async Task<CaptureSession> OpenAsync(string id, ulong inode, CaptureOptions options, SharedCaptures shared)
    {
        var start = await CaptureSession.OpenAsync(id, new CaptureNamespace(inode, 0, 0), ["eth0"], null, options, Locator,
            TimeProvider.System, NullLogger.Instance, shared);
        Assert.True(start.Started, start.Error);
        return start.Session;
    }

    private static int Packets(List<PcapngBlock> blocks) => CaptureSessionTests.Snap(blocks).OfType<EnhancedPacketBlock>().Count();

    /// <summary>The session's final statistics block after its stream was read to the end, every EPB in it delivered.</summary>
    private static async Task<InterfaceStatistics> FinalStatisticsAsync(CaptureSession session, List<PcapngBlock> blocks)
    {
        await session.Completion.WaitAsync(Eventually.DefaultDeadline, TestContext.Current.CancellationToken);
        session.RecordDelivered([Packets(blocks)], [0]);
        var writer = new ArrayBufferWriter<byte>();
        session.WriteFinalStatistics(writer);
        var state = PcapngReaderState.InLittleEndianSection;
        Assert.True(PcapngReader.TryReadBlock(writer.WrittenSpan, ref state, out var block, out _));
        return Assert.IsType<InterfaceStatisticsBlock>(block).Statistics;
    }
}
