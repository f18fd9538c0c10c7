using System.Net.Sockets;
using Packetflix.Capture;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Faults;

/// <summary>A client whose TCP connection is reset (SO_LINGER 0, then close: the kernel sends RST, no close frame, no
/// FIN). CaptureLifecycleTests covers a client that aborts its WebSocket.</summary>
public sealed class ClientResetTests
{
    private const int Resets = 20;

    [Fact(Timeout = 300_000)]
    public async Task Capture_ClientTcpReset_SessionReleasedAndFdsThreadsBackToBaseline()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var target = "/capture?" + Query(TargetJson(container));

        // One warm-up so lazily created runtime threads and pools do not count as leaks.
        await OpenAndResetAsync(server.BaseUri, target, ct);
        await Eventually.WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, Eventually.DefaultDeadline, ct, "sessions released");
        var baseline = ResourceCounters.Take();
        var baselineFds = ResourceCounters.OpenFdTargets();

        for (var i = 0; i < Resets; i++)
        {
            await OpenAndResetAsync(server.BaseUri, target, ct);
        }

        await Eventually.WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, TimeSpan.FromSeconds(60), ct, "sessions released");
        ResourceSnapshot after = baseline;
        await Eventually.TryWaitUntilAsync(() =>
        {
            after = ResourceCounters.Take();
            return after.OpenFds <= baseline.OpenFds + 4 && after.Threads <= baseline.Threads + 4;
        }, TimeSpan.FromSeconds(60), ct);
        Assert.True(after.OpenFds <= baseline.OpenFds + 4,
            $"fds {baseline.OpenFds} -> {after.OpenFds}; new: {ResourceCounters.DescribeNewFds(baselineFds)}");
        Assert.True(after.Threads <= baseline.Threads + 4, $"threads {baseline.Threads} -> {after.Threads}");

        // The service is unharmed: a normal capture still works.
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
        await client.CloseAsync(ct);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    /// <summary>Upgrades by hand, waits for the stream's first bytes (the capture runs), then resets the connection.</summary>
    private static async Task OpenAndResetAsync(Uri server, string pathAndQuery, CancellationToken ct)
    {
        var (socket, _) = await FaultHelpers.UpgradeAsync(server, pathAndQuery, ct);
        using (socket)
        {
            // SO_LINGER on with a zero timeout: close() discards unsent data and sends RST (socket(7)).
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
    }
}
