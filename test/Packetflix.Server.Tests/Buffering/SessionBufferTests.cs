using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Packetflix.Server.Cli;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Buffering;

/// <summary>A session whose client is behind stops reading its kernel rings instead of dropping in its own buffer
/// (docs/api.md, "Memory"): a brief pause costs nothing, a stalled client costs the others nothing, its loss is
/// counted by the kernel and reported exactly, and the service's memory stays within what the flags allow. Sessions
/// that share a capture (docs/api.md, "Accounting"): a stalled one drops and counts, the others lose nothing.</summary>
public sealed class SessionBufferTests
{
    private const long MiB = 1024 * 1024;

    [Fact(Timeout = 400_000)]
    public async Task Capture_SlowClientBesideFastOne_FastGetsEveryFrameSlowAccountedMemoryBounded()
    {
        Privileged.Require();
        Privileged.RequireTool("trafgen");
        var ct = TestContext.Current.CancellationToken;
        const int rate = 6000;
        // The slow client reads nothing while the fast one receives 30 s of traffic (far more than every buffer).
        const int stallFrames = rate * 30;
        const int count = stallFrames + (rate * 5);
        const long sessionBuffer = 1 * MiB;
        const int kernelBufferMiB = 16;
        await using var container = await FakeContainer.StartAsync(ct);
        // A kernel ring per session: the slow one's ring overflows, the fast one's does not.
        await using var service = await ServiceProcess.StartAsync(["--session-buffer", "1M", "--buffer-size", "16", "--share-captures=false"], ct);
        var uri = service.CaptureUri(MarkedQuery(container));
        await using var fast = await MarkedFrameClient.ConnectAsync(uri, receiveBufferBytes: null, ct);
        await using var slow = await MarkedFrameClient.ConnectAsync(uri, receiveBufferBytes: null, ct);
        await Eventually.WaitUntilAsync(() => fast.Interfaces == 1 && slow.Interfaces == 1, Eventually.DefaultDeadline, ct, "both headers");
        slow.Pause();

        // Both sessions are open (rings mapped): from here on, each may add its pipe (the session buffer and at most
        // half of it again before a flush) and its kernel ring; the slack covers code compiled on the first packets.
        var baseline = service.ResidentBytes();
        var bound = baseline + (2 * (sessionBuffer + (sessionBuffer / 2) + (kernelBufferMiB * MiB))) + (64 * MiB);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var peak = SampleAsync(service, sampling.Token);

        var sending = MarkedFrames.SendAsync(container.PeerNetnsName, count, rate, ct);
        await Eventually.WaitUntilAsync(() => fast.Frames >= stallFrames || sending.IsCompleted, TimeSpan.FromMinutes(3), ct,
            "30 s of traffic at the fast client");
        slow.Resume();
        await sending;
        await Eventually.WaitUntilAsync(() => fast.Frames == count, TimeSpan.FromSeconds(60), ct, $"all {count} frames at the fast client");
        // The slow client gets what waited in its ring and pipe; a statistics block (every 2 s) reports the kernel's drops.
        await Eventually.WaitUntilAsync(() => slow.Frames + (long)(slow.Statistics(0)?.OsDropped ?? 0) == count, TimeSpan.FromSeconds(120),
            ct, "the slow client's frames and reported drops adding up");
        await sampling.CancelAsync();
        var rss = await peak;
        await fast.CloseAsync(ct);
        await slow.CloseAsync(ct);

        AssertExact(fast, count, expectDrops: false);
        var dropped = AssertExact(slow, count, expectDrops: true);
        Assert.True(rss <= bound, $"peak RSS {rss / MiB} MiB over the bound {bound / MiB} MiB (baseline {baseline / MiB} MiB)");
        TestContext.Current.SendDiagnosticMessage(
            $"fast {fast.Frames}/{count}; slow {slow.Frames} + {dropped} kernel drops; RSS {baseline / MiB} → peak {rss / MiB} MiB (bound {bound / MiB})");
    }

    [Fact(Timeout = 300_000)]
    public async Task Capture_SlowClientSharingFastOnesCapture_FastLosesNothingSlowCountsEveryMiss()
    {
        Privileged.Require();
        Privileged.RequireTool("trafgen");
        var ct = TestContext.Current.CancellationToken;
        const int rate = 6000;
        // The slow client reads nothing while the fast one receives 10 s of traffic (far more than its 16 MiB buffer, which
        // lets the fast one fall 2.7 s behind on a busy machine before it is paused at all).
        const int stallFrames = rate * 10;
        const int count = stallFrames + (rate * 3);
        await using var container = await FakeContainer.StartAsync(ct);
        await using var service = await ServiceProcess.StartAsync(["--session-buffer", "16M"], ct);
        var uri = service.CaptureUri(MarkedQuery(container));
        // Connected at once: the second waits for the first's capture to open, then joins it.
        var connecting = new[] { MarkedFrameClient.ConnectAsync(uri, receiveBufferBytes: null, ct), MarkedFrameClient.ConnectAsync(uri, receiveBufferBytes: null, ct) };
        await using var fast = await connecting[0];
        await using var slow = await connecting[1];
        await Eventually.WaitUntilAsync(() => fast.Interfaces == 1 && slow.Interfaces == 1, Eventually.DefaultDeadline, ct, "both headers");
        Assert.Contains("joined the running capture", service.Output, StringComparison.Ordinal);
        slow.Pause();

        var sending = MarkedFrames.SendAsync(container.PeerNetnsName, count, rate, ct);
        await Eventually.WaitUntilAsync(() => fast.Frames >= stallFrames || sending.IsCompleted, TimeSpan.FromMinutes(2), ct,
            "10 s of traffic at the fast client");
        slow.Resume();
        await sending;
        await Eventually.WaitUntilAsync(() => fast.Frames == count, TimeSpan.FromSeconds(60), ct, $"all {count} frames at the fast client");
        // A statistics block (every 2 s) reports what the slow stream missed while the ring kept moving for the fast one.
        await Eventually.WaitUntilAsync(() => slow.Frames + IsbComments.SlowClientDrops(slow.Statistics(0)?.Comment) == count, TimeSpan.FromSeconds(60),
            ct, "the slow client's frames and reported drops adding up");
        await fast.CloseAsync(ct);
        await slow.CloseAsync(ct);

        AssertExact(fast, count, expectDrops: false);
        var final = slow.Statistics(0);
        Assert.NotNull(final);
        Assert.NotNull(final.EndTime);
        Assert.Equal(0, slow.Duplicates);
        Assert.Equal(0, slow.Others);
        Assert.Equal((ulong)slow.Frames, final.UserDelivered);
        Assert.Equal((ulong)count, final.InterfaceReceived);
        Assert.Equal(0UL, final.OsDropped ?? 0);
        var dropped = count - slow.Frames;
        Assert.True(dropped > 0, "a client stalled for 10 s beside a fast one must miss frames");
        Assert.Equal($"packetflix dropped {dropped} packets because the client did not keep up", final.Comment);
    }

    [Fact(Timeout = 240_000)]
    public async Task Capture_ClientPausesBriefly_LosesNothing()
    {
        Privileged.Require();
        Privileged.RequireTool("trafgen");
        var ct = TestContext.Current.CancellationToken;
        const int rate = 5000;
        const int count = rate * 8;
        const int pauses = 3;
        await using var container = await FakeContainer.StartAsync(ct);
        // The smallest session buffer and small, fixed socket buffers on both ends: a 200 ms pause at this rate (about
        // 1 MB) overflows all of them, so only the kernel ring (16 MiB, about 3 s at this rate) can hold the burst.
        await using var server = await PacketflixTestServer.StartAsync(ct,
            new ServerOptions { SessionBufferBytes = ServerOptions.MinSessionBufferBytes, BufferSizeMiB = 16 },
            configure: services => services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = SmallSendBuffer));
        await using var client = await MarkedFrameClient.ConnectAsync(server.CaptureUri(MarkedQuery(container)), receiveBufferBytes: 64 * 1024, ct);
        await Eventually.WaitUntilAsync(() => client.Interfaces == 1, Eventually.DefaultDeadline, ct, "the header");

        var sending = MarkedFrames.SendAsync(container.PeerNetnsName, count, rate, ct);
        for (var pause = 1; pause <= pauses; pause++)
        {
            var frames = pause * count / (pauses + 1);
            await Eventually.WaitUntilAsync(() => client.Frames >= frames, TimeSpan.FromMinutes(2), ct, $"{frames} frames");
            client.Pause();
            // The pause is the scenario, not a wait for a condition.
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            client.Resume();
        }

        await sending;
        await Eventually.WaitUntilAsync(() => client.Frames == count, TimeSpan.FromSeconds(60), ct, $"all {count} frames");
        await client.CloseAsync(ct);

        AssertExact(client, count, expectDrops: false);
    }

    /// <summary>The final statistics block matches what the client got, and every frame sent was received or reported
    /// dropped by the kernel (the filter keeps only the marked frames, so the kernel's counts are counts of them).
    /// Returns the kernel's drops.</summary>
    private static long AssertExact(MarkedFrameClient client, int sent, bool expectDrops)
    {
        var final = client.Statistics(0);
        Assert.NotNull(final);
        Assert.NotNull(final.EndTime);
        Assert.Equal(0, client.Duplicates);
        Assert.Equal(0, client.Others);
        Assert.Equal(client.Frames, client.Packets(0));
        Assert.Equal((ulong)client.Frames, final.UserDelivered);
        // Nothing dropped by us, nothing left buffered at the end: the comment would say so.
        Assert.Null(final.Comment);
        Assert.Equal((ulong)sent, final.InterfaceReceived);
        var dropped = (long)(final.OsDropped ?? 0);
        Assert.Equal(sent, client.Frames + dropped);
        if (expectDrops)
        {
            Assert.True(dropped > 0, "a client stalled for 30 s must lose frames (counted by the kernel)");
        }
        else
        {
            Assert.Equal(0, dropped);
        }

        return dropped;
    }

    private static string MarkedQuery(FakeContainer container) =>
        Query(TargetJson(container, interfaces: """["eth0"]"""), "filter=" + Uri.EscapeDataString(MarkedFrames.Filter));

    /// <summary>Accepted sockets inherit the listener's send buffer size (socket(7) SO_SNDBUF; a set size is not tuned).</summary>
    private static Socket SmallSendBuffer(EndPoint endpoint)
    {
        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        socket.SendBufferSize = 64 * 1024;
        return socket;
    }

    private static async Task<long> SampleAsync(ServiceProcess service, CancellationToken ct)
    {
        long peak = 0;
        try
        {
            while (true)
            {
                peak = Math.Max(peak, service.ResidentBytes());
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException)
        {
            return Math.Max(peak, service.ResidentBytes());
        }
    }
}
