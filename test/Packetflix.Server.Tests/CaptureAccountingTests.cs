using System.Globalization;
using System.Net.WebSockets;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests;

/// <summary>Delivery accounting is exact: what a client received equals the final statistics block's
/// <c>isb_usrdeliv</c> and the delivered metric, and every captured packet is delivered or dropped for a stated
/// cause. The metrics are process-wide, so this class runs alone (<see cref="SerialMetricsTests"/>).</summary>
[Collection(SerialMetricsTests.Name)]
public sealed class CaptureAccountingTests
{
    [Fact(Timeout = 60_000)]
    public async Task Capture_ClientCloses_FinalStatisticsAndMetricsMatchWhatItReceived()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var before = Counters.Take();
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
        await container.PingPeerAsync(5, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 5, ct);
        await client.CloseAsync(ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        var received = await AssertExactAsync(client.Bytes(), before, interfaces: 2, ct);
        Assert.True(received >= 10, $"received {received}");
        using var http = new HttpClient();
        var metrics = Metrics.PrometheusText.Parse(await http.GetStringAsync(new Uri(server.BaseUri, "/metrics"), ct));
        // The exported totals are the exact counters the ISBs were checked against, not a sample of them.
        Assert.Equal(CaptureMetrics.PacketsDroppedSessionEnd, metrics.Value("packetflix_packets_dropped_total", ("cause", "session-end")));
        Assert.Equal(CaptureMetrics.PacketsDroppedSlowConsumer, metrics.Value("packetflix_packets_dropped_total", ("cause", "slow-client")));
        Assert.Equal(CaptureMetrics.PacketsDelivered, metrics.Value("packetflix_packets_delivered_total"));
        Assert.Equal(CaptureMetrics.PacketsCaptured, metrics.Value("packetflix_packets_captured_total"));
        Assert.Equal(CaptureMetrics.BytesDelivered, metrics.Value("packetflix_delivered_bytes_total"));
        Assert.True(metrics.Value("packetflix_sessions_total", ("client", "websocket")) >= 1);
    }

    [Fact(Timeout = 120_000)]
    public async Task Capture_StalledClientReadsAgainAndCloses_DropsCountedAndDeliveredExact()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var before = Counters.Take();
        var uri = server.CaptureUri(Query(TargetJson(container, interfaces: """["eth0"]""")));
        await using var client = await CaptureClient.ConnectAsync(uri, ct, receive: false);
        // The client reads nothing: socket buffers and then the stream's pipe fill, the capture stops reading the
        // kernel ring, and when that is full the kernel drops (cause kernel; the capture itself drops nothing).
        for (var round = 0; round < 10 && CaptureMetrics.PacketsDroppedKernel == before.DroppedKernel; round++)
        {
            await FloodAsync(container, 20_000, ct);
            await Eventually.TryWaitUntilAsync(() => CaptureMetrics.PacketsDroppedKernel > before.DroppedKernel, TimeSpan.FromSeconds(5), ct);
        }

        Assert.True(CaptureMetrics.PacketsDroppedKernel > before.DroppedKernel, "a stalled client must cause counted kernel drops");
        Assert.Equal(before.DroppedSlowClient, CaptureMetrics.PacketsDroppedSlowConsumer);
        client.StartReceiving();
        // Reading again: the buffered packets arrive, then a statistics block that admits the loss.
        await client.WaitForAsync(b => b.OfType<InterfaceStatisticsBlock>().Any(s => s.Statistics.OsDropped > 0), ct);
        await client.CloseAsync(ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        var blocks = PcapngReader.ReadAll(client.Bytes());
        var final = FinalStatistics(blocks, 0);
        Assert.True(final.Statistics.OsDropped > 0, $"final osdrop {final.Statistics.OsDropped}");
        Assert.Equal(0, SlowClientDrops(final));
        await AssertExactAsync(client.Bytes(), before, interfaces: 1, ct);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_ServerShutsDown_FinalStatisticsBefore1001MatchWhatClientReceived()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var before = Counters.Take();
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
        await container.PingPeerAsync(3, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 3, ct);
        // Traffic still flows while the host stops, so packets are in flight and in the pipe at the end.
        var messages = client.Messages;
        var flood = FloodAsync(container, 5_000, ct);
        // Counted in whole messages: a large one may be half received, and half a block does not parse.
        await WaitUntilAsync(() => client.Messages >= messages + 5, ct);
        await server.StopAsync(ct);
        await client.WaitForServerCloseAsync(ct);
        await flood;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        Assert.Equal("server shutting down", client.CloseReason);
        await AssertExactAsync(client.Bytes(), before, interfaces: 2, ct);
    }

    /// <summary>The client's EPBs per interface equal the final ISB's usrdeliv; the metric deltas equal the sums (kernel
    /// drops: the final ISBs' osdrop); captured = delivered + slow-client + session-end drops. Returns the packets received.</summary>
    private static async Task<long> AssertExactAsync(byte[] bytes, Counters before, int interfaces, CancellationToken ct)
    {
        var blocks = PcapngReader.ReadAll(bytes);
        long received = 0, slowClient = 0, sessionEnd = 0, kernel = 0;
        for (var id = 0u; id < interfaces; id++)
        {
            var epbs = blocks.OfType<EnhancedPacketBlock>().Count(p => p.InterfaceId == id);
            var final = FinalStatistics(blocks, id);
            // The final block is the last thing the client got for this interface.
            Assert.Equal(0, blocks.SkipWhile(b => b != final).OfType<EnhancedPacketBlock>().Count(p => p.InterfaceId == id));
            Assert.Equal((ulong)epbs, final.Statistics.UserDelivered);
            received += epbs;
            slowClient += SlowClientDrops(final);
            sessionEnd += SessionEndDrops(final);
            kernel += (long)(final.Statistics.OsDropped ?? 0);
        }

        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == before.SessionsActive, ct);
        var after = Counters.Take();
        Assert.Equal(received, after.Delivered - before.Delivered);
        Assert.Equal(slowClient, after.DroppedSlowClient - before.DroppedSlowClient);
        Assert.Equal(sessionEnd, after.DroppedSessionEnd - before.DroppedSessionEnd);
        Assert.Equal(kernel, after.DroppedKernel - before.DroppedKernel);
        Assert.Equal(after.Captured - before.Captured, received + slowClient + sessionEnd);

        // tshark reads the whole stream and sees exactly those packets.
        var rows = await Tshark.FieldsFromBytesAsync(bytes, ["frame.interface_id"], ct);
        Assert.Equal(received, rows.Count);
        return received;
    }

    private static InterfaceStatisticsBlock FinalStatistics(IReadOnlyList<PcapngBlock> blocks, uint interfaceId) =>
        Assert.Single(blocks.OfType<InterfaceStatisticsBlock>(), s => s.InterfaceId == interfaceId && s.Statistics.EndTime is not null);

    private static long SlowClientDrops(InterfaceStatisticsBlock isb) => IsbComments.SlowClientDrops(isb.Statistics.Comment);

    private static long SessionEndDrops(InterfaceStatisticsBlock isb) => IsbComments.SessionEndDrops(isb.Statistics.Comment);

    /// <summary>Large echo requests as fast as the peer answers (busybox ping -A), from inside the container.</summary>
    private static async Task FloodAsync(FakeContainer container, int count, CancellationToken ct)
    {
        var result = await Shell.RunAsync("nsenter", ["--target", container.Pid.ToString(CultureInfo.InvariantCulture), "--net", "busybox",
            "ping", "-q", "-A", "-c", count.ToString(CultureInfo.InvariantCulture), "-s", "1400", FakeContainer.PeerAddress],
            TimeSpan.FromSeconds(60), ct);
        Assert.True(result.ExitCode == 0, $"ping flood failed: {result.StdErr}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private sealed record Counters(long SessionsActive, long Captured, long Delivered, long DroppedSlowClient, long DroppedSessionEnd,
        long DroppedKernel)
    {
        public static Counters Take() => new(CaptureMetrics.SessionsActive, CaptureMetrics.PacketsCaptured, CaptureMetrics.PacketsDelivered,
            CaptureMetrics.PacketsDroppedSlowConsumer, CaptureMetrics.PacketsDroppedSessionEnd, CaptureMetrics.PacketsDroppedKernel);
    }
}
