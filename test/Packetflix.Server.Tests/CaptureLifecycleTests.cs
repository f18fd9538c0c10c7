using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Server.Cli;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests;

/// <summary>How sessions end: client close, client vanishing, target dying, server shutdown, stale targets.</summary>
public sealed class CaptureLifecycleTests
{
    [Fact(Timeout = 60_000)]
    public async Task Capture_StaleTarget_RefreshedFromMobysharkService()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        // A fake Ghostwire answering /mobyshark with the container's current identity.
        var fake = WebApplication.CreateSlimBuilder();
        fake.WebHost.UseUrls("http://127.0.0.1:0");
        await using var ghostwire = fake.Build();
        ghostwire.MapGet("/mobyshark", () => Results.Text(
            $$"""{"metadata":{},"containers":[{"name":"other","type":"docker","netns":1,"network-interfaces":[],"pid":0,"starttime":0,"prefix":""},{{TargetJson(container)}}]}""",
            "application/json"));
        await ghostwire.StartAsync(ct);
        var port = (ushort)new Uri(ghostwire.Urls.First()).Port;

        await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { GhostwirePort = port, DiscoveryServiceGiven = true });
        // What a client remembered from before a restart: an old inode and start time.
        var stale = $$"""{"name":"web","type":"docker","netns":4026531000,"network-interfaces":["eth0"],"prefix":"","pid":{{container.Pid}},"starttime":{{container.StartTime + 1}}}""";
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(stale)), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 1, ct);
        Assert.Equal("eth0", Interfaces(client.Blocks())[0].Name);
        await container.PingPeerAsync(2, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 2, ct);
        await client.CloseAsync(ct);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_TargetKilled_Close1011WithinASecond()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);

        await container.KillAsync();
        var watch = Stopwatch.StartNew();
        await client.WaitForServerCloseAsync(ct);
        watch.Stop();

        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.Contains("gone", client.CloseReason, StringComparison.Ordinal);
        // The requirement is about a second (docs/api.md, "Close codes"; the liveness check runs every 200 ms). 5 s still
        // fails a detection that is missing or many times slower, and leaves a loaded 2-core machine the rest.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        // The final statistics made it into the stream before the close.
        Assert.Contains(client.Blocks(), b => b is InterfaceStatisticsBlock { Statistics.EndTime: not null });
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_ClientVanishesWithoutClose_SessionReleased()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var before = CaptureMetrics.SessionsActive;
        var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        try
        {
            await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
            Assert.True(CaptureMetrics.SessionsActive > before);
        }
        finally
        {
            // The client vanishes (an abort, no close frame): the scenario, and the cleanup after a failure above.
            await client.DisposeAsync();
        }

        await WaitUntilAsync(() => CaptureMetrics.SessionsActive <= before, ct);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_ServerShutdown_Close1001()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        var server = await PacketflixTestServer.StartAsync(ct);
        var serverStopped = false;
        try
        {
            await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
            await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
            // A session that ignored the shutdown would be cut off only when the host's shutdown timeout ran out: below
            // it is the distinction, and a prompt shutdown takes a small part of it even on a loaded machine.
            var shutdownTimeout = server.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
            var watch = Stopwatch.StartNew();
            serverStopped = true;
            await server.DisposeAsync();
            await client.WaitForServerCloseAsync(ct);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
            Assert.True(watch.Elapsed < shutdownTimeout, $"shutdown took {watch.Elapsed}");
        }
        finally
        {
            // Stopping the server is the test's action; only a failure before it leaves the server to stop here.
            if (!serverStopped)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_TwoSessions_IndependentWhenOneCloses()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var first = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        await using var second = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container), "nif=eth0")), ct);
        await first.WaitForAsync(b => Interfaces(b).Count == 2, ct);
        await second.WaitForAsync(b => Interfaces(b).Count == 1, ct);
        await first.CloseAsync(ct);
        await container.PingPeerAsync(3, ct);
        await second.WaitForAsync(b => EchoRequests(b, 0) >= 3, ct);
        await second.CloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, second.CloseStatus);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_InterfaceDisappears_OthersContinue()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);

        // Deleting the peer end deletes the pair, so the container's eth0 vanishes.
        await Shell.RunCheckedAsync("ip", ["-n", container.PeerNetnsName, "link", "del", "eth0"], TimeSpan.FromSeconds(10), ct);
        await client.WaitForAsync(b => b.OfType<InterfaceStatisticsBlock>().Any(s => s.InterfaceId == 0 && s.Statistics.EndTime is not null), ct);
        await container.PingLoopbackAsync(3, ct);
        await client.WaitForAsync(b => EchoRequests(b, 1) >= 3, ct);
        await client.CloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        var closed = client.Blocks().OfType<InterfaceStatisticsBlock>().First(s => s.InterfaceId == 0 && s.Statistics.EndTime is not null);
        Assert.Contains("interface closed", closed.Statistics.Comment, StringComparison.Ordinal);
    }

    [Fact(Timeout = 300_000)]
    public async Task Capture_200OpenCloseCycles_NoLeakedFdsThreadsOrProcesses()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var uri = server.CaptureUri(Query(TargetJson(container)));
        // Warm up once so lazily created runtime threads and pools do not count as leaks.
        await OneCycleAsync(uri, ct);
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);
        var baseline = ResourceCounters.Take();
        var baselineFds = ResourceCounters.OpenFdTargets();

        for (var i = 0; i < 200; i++)
        {
            await OneCycleAsync(uri, ct);
        }

        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);

        // A handle leaked per cycle would be 200 fds, far above the slack.
        await ResourceCounters.AssertBackToBaselineAsync(baseline, baselineFds, ct);
        Assert.Equal(baseline.ChildProcesses, ResourceCounters.Take().ChildProcesses);
    }

    [Fact(Timeout = 300_000)]
    public async Task Capture_SharedSessionsJoinAndLeave50Rounds_NoLeaksNothingLeftShared()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var shared = server.Services.GetRequiredService<SharedCaptures>();
        var uri = server.CaptureUri(Query(TargetJson(container)));
        await OneCycleAsync(uri, ct);
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0 && shared.Count == 0, ct);
        var baseline = ResourceCounters.Take();
        var baselineFds = ResourceCounters.OpenFdTargets();

        // Three sessions of one target at once share one capture: they open together (one opens, the others wait for it
        // and join), then leave in a different order each round, the last one ending the capture.
        for (var round = 0; round < 50; round++)
        {
            var clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CaptureClient.ConnectAsync(uri, ct)));
            try
            {
                await Task.WhenAll(clients.Select(c => c.WaitForAsync(b => Interfaces(b).Count == 2, ct)));
                Assert.Equal(1, shared.Count);
                var order = round % 3 == 2 ? clients : [clients[round % 3], .. clients.Where((_, i) => i != round % 3)];
                if (round % 2 == 0)
                {
                    await Task.WhenAll(order.Select(c => c.CloseAsync(ct)));
                }
                else
                {
                    foreach (var client in order)
                    {
                        await client.CloseAsync(ct);
                    }
                }

                Assert.All(clients, c => Assert.Equal(WebSocketCloseStatus.NormalClosure, c.CloseStatus));
            }
            finally
            {
                foreach (var client in clients)
                {
                    await client.DisposeAsync();
                }
            }
        }

        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0 && shared.Count == 0, ct);
        await ResourceCounters.AssertBackToBaselineAsync(baseline, baselineFds, ct);
    }

    private static async Task OneCycleAsync(Uri uri, CancellationToken ct)
    {
        await using var client = await CaptureClient.ConnectAsync(uri, ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
        await client.CloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    private static Task WaitUntilAsync(Func<bool> condition, CancellationToken ct) =>
        Eventually.WaitUntilAsync(condition, Eventually.DefaultDeadline, ct);
}
