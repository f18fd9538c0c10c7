using System.Globalization;
using System.Net.WebSockets;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Multi;

/// <summary>Several (unshare'd) containers in one stream: one section, IDBs named <c>target/nif</c>, the targets in the
/// SHB comment, packets in time order, the 32-target limit, errors that name the target, and <c>partial=1</c>.</summary>
public sealed class MultiTargetCaptureTests
{
    [Fact(Timeout = 90_000)]
    public async Task Capture_TwoTargets_OneSectionTimeOrderedWithTargetsList()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var a = await FakeContainer.StartAsync(ct);
        await using var b = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var targets = $"[{TargetJson(a, "a")},{TargetJson(b, "b")}]";
        await using var client = await CaptureClient.ConnectAsync(
            server.CaptureUri("targets=" + Uri.EscapeDataString(targets) + "&filter=icmp"), ct);
        await client.WaitForAsync(blocks => Interfaces(blocks).Count == 4, ct);

        await Task.WhenAll(a.PingPeerAsync(4, ct), a.PingLoopbackAsync(4, ct), b.PingPeerAsync(4, ct), b.PingLoopbackAsync(4, ct));
        await client.WaitForAsync(blocks => Enumerable.Range(0, 4).All(i => EchoRequests(blocks, (uint)i) >= 4), ct);
        await client.CloseAsync(ct);

        var blocks = client.Blocks();
        Assert.Single(blocks.OfType<SectionHeaderBlock>());
        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Equal("---\n# capture target information\ncontainer-name: a\ncontainer-type: docker\nnode-name: \"\"\n"
            + "capture-filter: icmp\n"
            + "targets:\n"
            + $"    - name: a\n      type: docker\n      prefix: \"\"\n      netns: {a.NetnsInode}\n      interfaces:\n        - eth0\n        - lo\n"
            + $"    - name: b\n      type: docker\n      prefix: \"\"\n      netns: {b.NetnsInode}\n      interfaces:\n        - eth0\n        - lo\n",
            shb.Comment);
        Assert.Equal(["a/eth0", "a/lo", "b/eth0", "b/lo"], Interfaces(blocks).Select(i => i.Name));
        Assert.Equal($"docker, netns {a.NetnsInode}", Interfaces(blocks)[0].Description);

        // A packet later than the reordering window is allowed (docs/api.md, "Time order"); AssertNonDecreasing holds
        // each step back against the count the ISBs report.
        var rows = await Tshark.FieldsFromBytesAsync(client.Bytes(), ["frame.time_relative", "frame.interface_name", "icmp.type"], ct);
        AssertNonDecreasing(rows, blocks);
        foreach (var name in (string[])["a/eth0", "a/lo", "b/eth0", "b/lo"])
        {
            Assert.Equal(4, rows.Count(r => r[1] == name && r[2] == "8"));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_OneTargetEth0AndLo_TimeOrdered()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container), "filter=icmp")), ct);
        await client.WaitForAsync(blocks => Interfaces(blocks).Count == 2, ct);

        await Task.WhenAll(container.PingPeerAsync(6, ct), container.PingLoopbackAsync(6, ct));
        // Every packet asserted below, replies included, must have reached us before the close: a reply still held in the
        // reordering window would be dropped at session end.
        await client.WaitForAsync(blocks => Packets(blocks, 0) >= 12 && Packets(blocks, 1) >= 12, ct);
        await client.CloseAsync(ct);

        // A single target keeps its upstream stream: bare interface names, the upstream comment.
        var blocks = client.Blocks();
        Assert.Equal(["eth0", "lo"], Interfaces(blocks).Select(i => i.Name));
        var rows = await Tshark.FieldsFromBytesAsync(client.Bytes(), ["frame.time_relative", "frame.interface_name"], ct);
        AssertNonDecreasing(rows, blocks);
        // 6 echo requests and 6 replies on each interface, ICMP only.
        Assert.Equal(24, rows.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_SingleTargetInTargetsList_UpstreamCommentOnly()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(
            server.CaptureUri("targets=" + Uri.EscapeDataString($"[{TargetJson(container)}]")), ct);
        await client.WaitForAsync(blocks => Interfaces(blocks).Count == 2, ct);
        await client.CloseAsync(ct);

        var blocks = client.Blocks();
        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Equal("---\n# capture target information\ncontainer-name: web\ncontainer-type: docker\nnode-name: \"\"\n", shb.Comment);
        Assert.Equal(["web/eth0", "web/lo"], Interfaces(blocks).Select(i => i.Name));
    }

    [Fact(Timeout = 30_000)]
    public async Task Capture_ThirtyThreeTargets_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct, directory: new FakeTargetDirectory());
        var netns = string.Join(',', Enumerable.Range(1, 33).Select(i => (4026530000 + i).ToString(CultureInfo.InvariantCulture)));
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri("netns=" + netns), ct);
        await client.WaitForServerCloseAsync(ct);

        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.Equal("too many targets: 33 (at most 32 per request)", client.CloseReason);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_UnresolvableTarget_ErrorNamesItAndPartialListsIt()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct, directory: new FakeTargetDirectory());
        var targets = $$"""[{{TargetJson(container, "web")}},{"name":"ghost","type":"docker","netns":0}]""";

        await using (var refused = await CaptureClient.ConnectAsync(server.CaptureUri("targets=" + Uri.EscapeDataString(targets)), ct))
        {
            await refused.WaitForServerCloseAsync(ct);
            Assert.Equal(WebSocketCloseStatus.InternalServerError, refused.CloseStatus);
            Assert.Equal("target \"ghost\": could not locate network namespace for container", refused.CloseReason);
        }

        await using var client = await CaptureClient.ConnectAsync(
            server.CaptureUri("targets=" + Uri.EscapeDataString(targets) + "&partial=1"), ct);
        await client.WaitForAsync(blocks => Interfaces(blocks).Count == 2, ct);
        await client.CloseAsync(ct);
        var shb = Assert.IsType<SectionHeaderBlock>(client.Blocks()[0]);
        Assert.EndsWith("unresolved-targets:\n    - name: ghost\n      reason: could not locate network namespace for container\n",
            shb.Comment, StringComparison.Ordinal);
        Assert.Contains("targets:\n    - name: web\n", shb.Comment, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task CaptureDownload_UnresolvableTarget_404NamesIt()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct, directory: new FakeTargetDirectory());
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var targets = $$"""[{{TargetJson(container, "web")}},{"name":"ghost","netns":0}]""";
        using var response = await http.GetAsync("/capture.pcapng?targets=" + Uri.EscapeDataString(targets), ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("target \"ghost\"", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    private static int Packets(IReadOnlyList<PcapngBlock> blocks, uint interfaceId) =>
        blocks.OfType<EnhancedPacketBlock>().Count(p => p.InterfaceId == interfaceId);

    /// <summary>tshark's frame.time_relative of every packet, in file order, never goes back, except for a packet the
    /// stream reports as written out of time order: docs/api.md, "Time order" (one that reached us later than the
    /// reordering window, as when a loaded machine keeps the capture thread waiting, is written at once and counted in
    /// its interface's ISB comment). Each step back on an interface needs one such packet reported for it.</summary>
    internal static void AssertNonDecreasing(IReadOnlyList<string[]> rows, IReadOnlyList<PcapngBlock> blocks)
    {
        var names = Interfaces(blocks).Select(i => i.Name ?? "").ToList();
        var reported = blocks.OfType<InterfaceStatisticsBlock>()
            .GroupBy(s => names[(int)s.InterfaceId])
            .ToDictionary(g => g.Key, g => g.Max(s => IsbComments.WrittenOutOfOrder(s.Statistics.Comment)));
        var latest = decimal.MinValue;
        var back = new Dictionary<string, int>();
        var steps = new List<string>();
        foreach (var row in rows)
        {
            var time = decimal.Parse(row[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (time >= latest)
            {
                latest = time;
                continue;
            }

            back[row[1]] = back.GetValueOrDefault(row[1]) + 1;
            steps.Add($"{latest} to {time} ({row[1]})");
        }

        foreach (var (name, count) in back)
        {
            Assert.True(count <= reported.GetValueOrDefault(name),
                $"frame.time_relative went back {count} times on {name} ({string.Join(", ", steps)}), "
                + $"and its ISBs report {reported.GetValueOrDefault(name)} packets written out of time order");
        }
    }
}
