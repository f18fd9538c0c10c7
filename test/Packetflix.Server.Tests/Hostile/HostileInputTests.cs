using System.Collections.Concurrent;
using System.Diagnostics;
using Packetflix.Capture;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Hostile;

/// <summary>
/// Fuzz-style hostile input against a real service and a real test netns (README, "Security and reliability"):
/// every generated malformed request gets a 4xx, or after an upgrade a documented close code; no answer carries a
/// stack trace; the service still captures afterwards; fds and threads come back to the baseline. The generator is
/// seeded, so a failure replays. It counts sessions, so it runs in the serial collection.
/// </summary>
[Collection(SerialMetricsTests.Name)]
public sealed class HostileInputTests
{
    private const int Seed = 20_261_202;
    private const int Requests = 10_000;
    private const int AfterUpgradeRequests = 120;
    private const int Concurrency = 8;

    /// <summary>Close codes docs/api.md documents for /capture (RFC 6455 §7.4.1).</summary>
    private static readonly string[] DocumentedCloses = ["WS 1000", "WS 1002", "WS 1003", "WS 1007", "WS 1008", "WS 1009", "WS 1011"];

    [Fact(Timeout = 240_000)]
    public async Task Service_TenThousandMalformedRequests_RefusedCleanlyAndStillCaptures()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var valid = TargetJson(container, interfaces: """["lo"]""");
        // A target whose namespace does not exist: refused before any interface is opened.
        var missing = """{"name":"gone","type":"docker","netns":4026599999,"network-interfaces":["eth0"],"prefix":"","pid":0,"starttime":0}""";
        var generator = new HostileRequestGenerator(Seed, server.BaseUri.Authority, valid, missing);

        // Warm up (a valid capture and one of each kind of refusal) so lazily created pools do not count as leaks.
        await AssertCapturesAsync(server, container, ct);
        var warmup = new HostileRequestGenerator(Seed + 1, server.BaseUri.Authority, valid, missing);
        await RunAllAsync(server, Enumerable.Range(0, 200).Select(_ => warmup.Next()).Append(warmup.AfterUpgrade()).ToList(), ct);
        await Eventually.WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, TimeSpan.FromSeconds(30), ct, "warm-up sessions to end");
        var baseline = ResourceCounters.Take();
        var baselineFds = ResourceCounters.OpenFdTargets();

        var requests = Enumerable.Range(0, Requests).Select(_ => generator.Next())
            .Concat(Enumerable.Range(0, AfterUpgradeRequests).Select(_ => generator.AfterUpgrade())).ToList();
        var clock = Stopwatch.StartNew();
        var outcomes = await RunAllAsync(server, requests, ct);
        clock.Stop();

        var summary = string.Join(", ", outcomes.GroupBy(o => o.Result).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()}"));
        TestContext.Current.SendDiagnosticMessage($"hostile: {outcomes.Count} requests in {clock.Elapsed.TotalSeconds:F1} s; {summary}");
        TestContext.Current.TestOutputHelper?.WriteLine($"hostile: {outcomes.Count} requests in {clock.Elapsed.TotalSeconds:F1} s; {summary}");
        foreach (var outcome in outcomes)
        {
            var ok = outcome.Result.StartsWith("HTTP 4", StringComparison.Ordinal)
                || DocumentedCloses.Contains(outcome.Result)
                // A client that breaks the framing may be dropped without a close frame (RFC 6455 §7.1.7).
                || (outcome.Result == "WS closed without close frame" && outcome.Category.StartsWith("ws-", StringComparison.Ordinal));
            Assert.True(ok, $"{outcome.Category}: {outcome.Result} {outcome.Body}");
            Assert.DoesNotContain("   at ", outcome.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", outcome.Body, StringComparison.Ordinal);
        }

        // The service is still up and captures.
        await AssertCapturesAsync(server, container, ct);
        await Eventually.WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, TimeSpan.FromSeconds(30), ct, "sessions to end");
        await ResourceCounters.AssertBackToBaselineAsync(baseline, baselineFds, ct);
    }

    private static async Task<List<HostileOutcome>> RunAllAsync(PacketflixTestServer server, List<HostileRequest> requests,
        CancellationToken ct)
    {
        var outcomes = new ConcurrentBag<HostileOutcome>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (request, token) =>
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
                deadline.CancelAfter(TimeSpan.FromSeconds(60));
                outcomes.Add(await RawExchange.RunAsync(server.BaseUri, request, deadline.Token));
            });
        return [.. outcomes];
    }

    private static async Task AssertCapturesAsync(PacketflixTestServer server, FakeContainer container, CancellationToken ct)
    {
        using var http = new HttpClient();
        var query = Query(TargetJson(container, interfaces: """["eth0"]"""), "count=1");
        var download = http.GetByteArrayAsync(new Uri(server.BaseUri, "/capture.pcapng?" + query), ct);
        while (!download.IsCompleted)
        {
            await container.PingPeerAsync(1, ct);
        }

        var blocks = Core.Pcapng.PcapngReader.ReadAll(await download);
        Assert.Single(blocks.OfType<Core.Pcapng.EnhancedPacketBlock>());
    }
}
