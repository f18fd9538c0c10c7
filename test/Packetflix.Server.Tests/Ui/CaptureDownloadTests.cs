using System.Diagnostics;
using System.Net;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Server.CaptureApi;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;
using static Packetflix.Server.Tests.Ui.UiTestSupport;

namespace Packetflix.Server.Tests.Ui;

/// <summary><c>GET /capture.pcapng</c> with a plain HTTP client against the real service and a real container.</summary>
public sealed class CaptureDownloadTests
{
    [Fact(Timeout = 60_000)]
    public async Task Download_CountLimit_EndsAfterThatManyPackets()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();

        // The filter makes the count the test's own pings: a freshly upped veth also carries ARP (and, with IPv6 on,
        // router solicitations and neighbour discovery), and those must not use up the count.
        using var response = await http.GetAsync(DownloadUri(server, TargetJson(container), "nif=eth0&filter=icmp&count=4&duration=30"),
            HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CaptureDownloadEndpoint.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^attachment; filename=\"web-\\d{8}T\\d{6}Z\\.pcapng\"$", response.Content.Headers.ContentDisposition?.ToString());
        // The headers arrive once the capture runs, so these pings are in the file.
        var ping = container.PingPeerAsync(5, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        await ping;

        var blocks = PcapngReader.ReadAll(bytes);
        Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Equal(4, blocks.OfType<EnhancedPacketBlock>().Count());
        Assert.IsType<EnhancedPacketBlock>(blocks[^1]);
        var rows = await Tshark.FieldsFromBytesAsync(bytes, ["frame.interface_name", "icmp.type", "ip.src"], ct);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.True(r[0] == "eth0" && r[1] is "0" or "8", string.Join(' ', r)));
        Assert.Contains(rows, r => r[1] == "8" && r[2] == FakeContainer.ContainerAddress);
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);
    }

    [Fact(Timeout = 60_000)]
    public async Task Download_DurationLimit_EndsOnABlockBoundary()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();

        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(DownloadUri(server, TargetJson(container), "duration=1.5"), HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = container.PingPeerAsync(2, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        await ping;
        clock.Stop();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(10));
        var blocks = PcapngReader.ReadAll(bytes);
        Assert.Equal(["eth0", "lo"], Interfaces(blocks).Select(i => i.Name));
        // ReadAll throws on a truncated block, and BlockOffsets checks that the last block ends the file.
        BlockOffsets(bytes);
        Assert.True(EchoRequests(blocks, 0) >= 1);
        // The file ends with each interface's final statistics, agreeing with the packets in it.
        var finals = blocks.OfType<InterfaceStatisticsBlock>().Where(s => s.Statistics.EndTime is not null).ToList();
        Assert.Equal([0u, 1u], finals.Select(f => f.InterfaceId).Order());
        Assert.All(finals, f => Assert.Equal((ulong)blocks.OfType<EnhancedPacketBlock>().Count(p => p.InterfaceId == f.InterfaceId),
            f.Statistics.UserDelivered));
        await Tshark.FieldsFromBytesAsync(bytes, ["frame.number"], ct);
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);
    }

    [Fact(Timeout = 60_000)]
    public async Task Download_ClientAbort_ReleasesSession()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using (var http = new HttpClient())
        {
            using var response = await http.GetAsync(DownloadUri(server, TargetJson(container), ""), HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var start = new byte[4];
            await body.ReadExactlyAsync(start, ct);
            Assert.Equal([0x0A, 0x0D, 0x0D, 0x0A], start);
            Assert.Equal(1, CaptureMetrics.SessionsActive);
        }

        // No limits and no traffic: only the client going away ends this capture.
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("", "either container or netns query parameter required")]
    [InlineData("netns=abc", "invalid netns \"abc\"")]
    [InlineData("netns=1&container=%7B%7D", "container and netns query parameters are mutually exclusive")]
    [InlineData("container=nope", "invalid container/target description: ")]
    [InlineData("netns=1&snaplen=0", "invalid snaplen \"0\": must be 1 to 262144")]
    [InlineData("netns=1&count=0", "invalid count \"0\": must be a whole number of packets, at least 1")]
    [InlineData("netns=1&duration=-1", "invalid duration \"-1\": ")]
    public async Task Download_BadParameters_Returns400WithUpstreamReason(string query, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server.BaseUri, "/capture.pcapng?" + query), ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(reason, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Download_UnknownNetns_Returns404()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server.BaseUri, "/capture.pcapng?netns=1"), ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("could not locate network namespace for container\n", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Download_Post_Returns405()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(server.BaseUri, "/capture.pcapng?netns=1"), null, ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET", response.Content.Headers.Allow.Single());
    }

    private static Uri DownloadUri(PacketflixTestServer server, string targetJson, string extra) =>
        new(server.BaseUri, "/capture.pcapng?" + Query(targetJson, extra));
}
