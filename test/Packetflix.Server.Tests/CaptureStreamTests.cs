using System.Diagnostics;
using System.Net.WebSockets;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests;

/// <summary>Live captures of a real (unshare'd) container through real Kestrel and real WebSocket clients.</summary>
public sealed class CaptureStreamTests
{
    [Fact(Timeout = 60_000)]
    public async Task Capture_FakeContainer_StreamsHeaderPingsAndStatistics()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container))), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);

        await container.PingPeerAsync(5, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 5, ct);
        // Statistics blocks come every 2 s; wait for one per interface written after the pings.
        var pingsSeenAt = client.Blocks().Count;
        await client.WaitForAsync(b => b.Skip(pingsSeenAt).OfType<InterfaceStatisticsBlock>().Select(s => s.InterfaceId).Distinct().Count() == 2, ct);
        await client.CloseAsync(ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal(0, client.BadMessages);
        var bytes = client.Bytes();
        var offsets = BlockOffsets(bytes);
        Assert.All(client.MessageStarts, start => Assert.Contains(start, offsets));

        var blocks = client.Blocks();
        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Equal(-1, shb.SectionLength);
        Assert.Equal("---\n# capture target information\ncontainer-name: web\ncontainer-type: docker\nnode-name: \"\"\n", shb.Comment);
        Assert.Equal(["eth0", "lo"], Interfaces(blocks).Select(i => i.Name));
        Assert.All(Interfaces(blocks), i => Assert.Equal(9, i.TimestampResolution));

        // Every statistics block agrees with the packets before it: usrdeliv = EPBs delivered so far, no loss.
        var delivered = new long[2];
        foreach (var block in blocks)
        {
            if (block is EnhancedPacketBlock epb)
            {
                delivered[epb.InterfaceId]++;
            }
            else if (block is InterfaceStatisticsBlock isb)
            {
                Assert.Equal((ulong)delivered[isb.InterfaceId], isb.Statistics.UserDelivered);
                Assert.Equal(0UL, isb.Statistics.OsDropped);
                Assert.True(isb.Statistics.FilterAccepted >= isb.Statistics.UserDelivered);
                Assert.Null(isb.Statistics.Comment);
            }
        }

        var rows = await Tshark.FieldsFromBytesAsync(bytes, ["frame.interface_name", "icmp.type", "ip.src"], ct);
        Assert.True(rows.Count(r => r[0] == "eth0" && r[1] == "8" && r[2] == "10.232.0.2") >= 5);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_NodeWebSocketClient_TsharkDecodesStream()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        Privileged.RequireTool("node");
        var ct = TestContext.Current.CancellationToken;
        var script = Path.Combine(RepositoryRoot(), "test", "node", "capture-client.mjs");
        Assert.True(File.Exists(script), "test/node/capture-client.mjs is missing");
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);

        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "node.pcapng");
        var url = server.CaptureUri(Query(TargetJson(container), "nif=eth0")).ToString();
        // Seconds 0: the client closes with "ciao" when its stdin ends, which we do once our pings are in its file.
        var info = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            ArgumentList = { script, url, "0", file },
        };
        using var node = Process.Start(info) ?? throw new InvalidOperationException("cannot start node");
        try
        {
            var stderr = node.StandardError.ReadToEndAsync(ct);
            // The header (SHB, IDB) is sent once the capture runs; pings sent before that would not be captured.
            await Eventually.WaitUntilAsync(() => node.HasExited || Interfaces(BlocksIn(file)).Count == 1, Eventually.DefaultDeadline, ct,
                "the capture header in the node client's file");
            await container.PingPeerAsync(4, ct);
            await Eventually.WaitUntilAsync(() => node.HasExited || EchoRequests(BlocksIn(file), 0) >= 4, Eventually.DefaultDeadline, ct,
                "4 echo requests in the node client's file");
            node.StandardInput.Close();
            await node.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

            Assert.True(node.ExitCode == 0, $"node client failed: {await stderr}");
            Assert.Contains("close 1000", await stderr, StringComparison.Ordinal);
            var rows = await Tshark.FieldsAsync(file, ["frame.interface_name", "icmp.type"], ct, displayFilter: "icmp");
            Assert.True(rows.Count(r => r[0] == "eth0" && r[1] == "8") >= 4, $"rows: {string.Join("; ", rows.Select(r => string.Join(' ', r)))}");
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The blocks of a pcapng file another process appends whole messages to; none while it is missing or
    /// caught in the middle of a write.</summary>
    private static IReadOnlyList<PcapngBlock> BlocksIn(string file)
    {
        try
        {
            return PcapngReader.ReadAll(File.ReadAllBytes(file));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return [];
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_FilterAndChasteOnEveryInterface_OnlyMatchingPackets()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var query = Query(TargetJson(container), "filter=icmp&chaste&nif=eth0/lo&snaplen=64");
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(query), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
        await container.PingPeerAsync(3, ct);
        await container.PingLoopbackAsync(3, ct);
        // The filter must hold on lo too: upstream applied it to the last interface only.
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 3 && EchoRequests(b, 1) >= 3, ct);
        await client.CloseAsync(ct);

        var blocks = client.Blocks();
        var shb = (SectionHeaderBlock)blocks[0];
        Assert.EndsWith("capture-filter: icmp\nno-promiscuous-mode: true\n", shb.Comment, StringComparison.Ordinal);
        Assert.All(Interfaces(blocks), i => Assert.Equal("icmp", i.Filter));
        Assert.All(Interfaces(blocks), i => Assert.Equal(64u, i.SnapLength));
        var packets = blocks.OfType<EnhancedPacketBlock>().ToList();
        Assert.All(packets, p => Assert.True(p.CapturedLength <= 64));
        Assert.All(packets, p => Assert.Equal(1, p.Data.Span[14 + 9]));
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_NifAll_EveryInterfaceOfTheNamespace()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri($"netns={container.NetnsInode}&nif=all"), ct);
        await client.WaitForAsync(b => Interfaces(b).Count >= 2, ct);
        Assert.Equal(["eth0", "lo"], Interfaces(client.Blocks()).Select(i => i.Name!).Order());
        await client.CloseAsync(ct);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("filter=not%20a%20filter%20at%20all", "invalid capture filter \"not a filter at all\": ")]
    [InlineData("nif=nope0", "There is no device named \"nope0\".")]
    public async Task Capture_BadFilterOrInterface_Close1011WithReason(string extra, string reasonStart)
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container), extra)), ct);
        await client.WaitForServerCloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.StartsWith(reasonStart, client.CloseReason, StringComparison.Ordinal);
        Assert.Equal(0, client.Messages);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_PidStartTimeMismatchWithoutRefreshHit_CannotLock()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        // pid given but starttime 0: upstream skips the stale check and then refuses to lock.
        var json = $$"""{"name":"web","netns":{{container.NetnsInode}},"pid":{{container.Pid}}}""";
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(json)), ct);
        await client.WaitForServerCloseAsync(ct);
        Assert.Equal("cannot lock target network stack", client.CloseReason);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Packetflix.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
