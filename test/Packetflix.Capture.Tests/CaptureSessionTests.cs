using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;
using Packetflix.Tests.Common;

namespace Packetflix.Capture.Tests;

/// <summary>The capture engine on real namespaces, without the server: drop accounting, several namespaces.</summary>
public sealed class CaptureSessionTests
{
    private static readonly NetnsLocator Locator = new();

    [Fact(Timeout = 120_000)]
    public async Task StartAsync_SlowConsumer_RingNotReadKernelDropsCountedNeverSilent()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        using var netns = Open(pair.InodeA);
        // A tiny pipe so that a consumer that does not read pauses the capture almost at once, and a small kernel ring
        // (short snapshots, so many packets fit in few bytes) that a ping flood overflows.
        var options = new CaptureOptions
        {
            PauseWriterThreshold = 4096,
            ResumeWriterThreshold = 2048,
            SnapLength = 128,
            KernelBufferBytes = 256 * 1024,
            StatisticsInterval = TimeSpan.FromMilliseconds(200),
        };
        var start = await CaptureSession.StartAsync("slow", [new CaptureSource(netns, ["eth0"])], options, Locator, TimeProvider.System,
            NullLogger.Instance);
        Assert.True(start.Started, start.Error);
        await using var session = start.Session;

        // The paused session reads nothing more, so the kernel ring fills and the kernel drops (and counts) the rest.
        for (var round = 0; round < 10 && session.Statistics()[0].KernelDropped == 0; round++)
        {
            await FloodAsync(pair.NameB, NetnsPair.AddressA, 5_000, ct);
            await Eventually.TryWaitUntilAsync(() => session.Statistics()[0].KernelDropped > 0, TimeSpan.FromSeconds(2), ct);
        }

        var counters = session.Statistics()[0];
        Assert.True(counters.KernelDropped > 0, "a consumer that never reads must cause counted kernel drops");
        Assert.Equal(0, counters.DroppedByUs);
        Assert.Equal(counters.Captured, counters.Written);
        // Far fewer than the flood: the capture stopped reading when the pipe was full.
        Assert.True(counters.Captured < 5_000, $"captured {counters.Captured}");

        // Now read everything: the ring's packets arrive, then a statistics block that admits the kernel's drops.
        var blocks = new List<PcapngBlock>();
        var readTask = ReadAllAsync(session.Output, blocks, ct);
        await WaitForAsync(() => Snap(blocks).OfType<InterfaceStatisticsBlock>().Any(s => s.Statistics.OsDropped > 0), ct);
        session.Stop();
        await session.Completion.WaitAsync(ct);
        await readTask;

        var isb = blocks.OfType<InterfaceStatisticsBlock>().First(s => s.Statistics.OsDropped > 0);
        var delivered = blocks.TakeWhile(b => b != isb).OfType<EnhancedPacketBlock>().Count();
        Assert.Equal((ulong)delivered, isb.Statistics.UserDelivered);
        Assert.Null(isb.Statistics.Comment);
    }

    [Fact(Timeout = 60_000)]
    public async Task StartAsync_TwoNamespaces_OneSectionWithBoth()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        using var a = Open(pair.InodeA);
        using var b = Open(pair.InodeB);
        var start = await CaptureSession.StartAsync("multi", [new CaptureSource(a, ["eth0"], "A"), new CaptureSource(b, ["eth0", "lo"], "B")],
            new CaptureOptions(), Locator, TimeProvider.System, NullLogger.Instance);
        Assert.True(start.Started, start.Error);
        var blocks = new List<PcapngBlock>();
        await using (var session = start.Session)
        {
            var reading = ReadAllAsync(session.Output, blocks, ct);
            await NetnsPair.PingAsync(pair.NameA, NetnsPair.AddressB, 3, ct);
            await WaitForAsync(() => Snap(blocks).OfType<EnhancedPacketBlock>().Count(p => p.InterfaceId == 0) >= 3
                && Snap(blocks).OfType<EnhancedPacketBlock>().Count(p => p.InterfaceId == 1) >= 3, ct);
            session.Stop();
            await session.Completion.WaitAsync(ct);
            await reading;
        }

        var interfaces = blocks.OfType<InterfaceDescriptionBlock>().ToList();
        Assert.Equal(["eth0", "eth0", "lo"], interfaces.Select(i => i.Name));
        Assert.Equal(["A", "B", "B"], interfaces.Select(i => i.Description));
    }

    [Fact(Timeout = 60_000)]
    public async Task StartAsync_MissingInterface_ErrorAndNothingLeft()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        using var netns = Open(pair.InodeA);
        var start = await CaptureSession.StartAsync("bad", [new CaptureSource(netns, ["lo", "nope0"])], new CaptureOptions(), Locator,
            TimeProvider.System, NullLogger.Instance);
        Assert.False(start.Started);
        Assert.Equal("There is no device named \"nope0\".", start.Error);
        // The packet socket opened for lo is closed again. Counted in the test's own namespace, which holds only this
        // session's sockets: the process's fds would also count those of other test classes running in parallel.
        var sockets = -1;
        var closed = await Eventually.TryWaitUntilAsync(async c => (sockets = await PacketSocketsAsync(pair.NameA, c)) == 0,
            Eventually.DefaultDeadline, ct);
        Assert.True(closed, $"the handle opened for lo must be closed again; packet sockets left in the namespace: {sockets}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Stop_CalledTwiceAndDisposed_Idempotent()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        using var netns = Open(pair.InodeA);
        var start = await CaptureSession.StartAsync("stop", [new CaptureSource(netns, ["all"])], new CaptureOptions(), Locator,
            TimeProvider.System, NullLogger.Instance);
        Assert.True(start.Started, start.Error);
        var session = start.Session;
        try
        {
            session.Stop();
            session.Stop();
            var end = await session.Completion.WaitAsync(Eventually.DefaultDeadline, ct);
            Assert.Equal(CaptureEndKind.Stopped, end.Kind);
            await session.DisposeAsync();
            await session.DisposeAsync();
            Assert.All(session.Statistics(), s => Assert.False(s.Open));
        }
        finally
        {
            // After a failure above; disposing again is what the test shows to be harmless.
            await session.DisposeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task StartAsync_AllExpandsToMoreThanTheLimit_RefusedWithNothingOpen()
    {
        // The namespace has lo and its veth end; "all" counts as one name before it is expanded.
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        using var netns = Open(pair.InodeA);

        var start = await CaptureSession.StartAsync("all", [new CaptureSource(netns, ["all"])], new CaptureOptions { MaxInterfaces = 1 },
            Locator, TimeProvider.System, NullLogger.Instance);

        Assert.False(start.Started);
        Assert.Equal(CaptureErrorKind.InvalidParameter, start.ErrorKind);
        Assert.Equal("too many interfaces: 2 in the namespace, at most 1 per session (--max-interfaces)", start.Error);
        Assert.Equal(0, await PacketSocketsAsync(pair.NameA, ct));
    }

    /// <summary>Large echo requests as fast as the peer answers (busybox ping -A) from inside <paramref name="fromNs"/>.</summary>
    internal static async Task FloodAsync(string fromNs, string address, int count, CancellationToken ct)
    {
        var result = await Shell.RunAsync("ip", ["netns", "exec", fromNs, "busybox", "ping", "-q", "-A", "-c",
            count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", "1400", address], TimeSpan.FromSeconds(60), ct);
        Assert.True(result.ExitCode == 0, $"ping flood failed: {result.StdErr}");
    }

    private static NetnsHandle Open(ulong inode)
    {
        var result = NetnsHandle.Open(inode, 0, 0, Locator);
        Assert.Equal(NetnsOpenStatus.Opened, result.Status);
        return result.Handle!;
    }

    internal static async Task ReadAllAsync(PipeReader reader, List<PcapngBlock> blocks, CancellationToken ct)
    {
        var state = default(PcapngReaderState);
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var bytes = result.Buffer.ToArray();
            var offset = 0;
            while (PcapngReader.TryReadBlock(bytes.AsSpan(offset), ref state, out var block, out var consumed))
            {
                lock (blocks)
                {
                    blocks.Add(block!);
                }

                offset += consumed;
            }

            reader.AdvanceTo(result.Buffer.GetPosition(offset), result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    internal static List<PcapngBlock> Snap(List<PcapngBlock> blocks)
    {
        lock (blocks)
        {
            return [.. blocks];
        }
    }

    private static Task WaitForAsync(Func<bool> condition, CancellationToken ct) =>
        Eventually.WaitUntilAsync(condition, Eventually.DefaultDeadline, ct);

    /// <summary>The packet sockets bound in netns <paramref name="netns"/> (packet(7): /proc/net/packet lists those of the
    /// reader's namespace); a test's namespace holds only its own sessions' sockets.</summary>
    internal static async Task<int> PacketSocketsAsync(string netns, CancellationToken ct)
    {
        var result = await Shell.RunCheckedAsync("ip", ["netns", "exec", netns, "cat", "/proc/net/packet"], TimeSpan.FromSeconds(20), ct);
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
    }
}
