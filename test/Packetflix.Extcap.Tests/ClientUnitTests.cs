using Packetflix.Core.Targets;
using Packetflix.Extcap.Cli;
using Packetflix.Extcap.Client;
using Packetflix.Extcap.Wireshark;

namespace Packetflix.Extcap.Tests;

public sealed class ClientUnitTests
{
    [Fact]
    public void CaptureUri_SpecExample_MatchesCshargWireForm()
    {
        // docs/protocol.md §12, the real extcap capture request.
        Assert.True(CaptureTargetJson.TryParse(
            """{"name":"nginx","type":"docker","netns":4026532571,"network-interfaces":["eth0","lo"],"prefix":"","starttime":1234567,"pid":4242,"node-name":"192.168.1.10"}""",
            out var target, out _));
        var request = new CaptureRequest { Target = target, Interfaces = ["eth0", "lo"], Filter = "tcp port 80" };
        var uri = HostUrl.Parse("192.168.1.10:5001").CaptureUri(GoQuery.Encode(request.QueryValues()));
        Assert.Equal("ws://192.168.1.10:5001/capture?container=%7B%22name%22%3A%22nginx%22%2C%22type%22%3A%22docker%22%2C%22netns%22%3A"
            + "4026532571%2C%22network-interfaces%22%3A%5B%22eth0%22%2C%22lo%22%5D%2C%22prefix%22%3A%22%22%2C%22starttime%22%3A1234567%2C"
            + "%22pid%22%3A4242%2C%22node-name%22%3A%22192.168.1.10%22%7D&filter=tcp+port+80&nif=eth0%2Flo", uri.AbsoluteUri);
        var headers = request.Headers().ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal("eth0/lo", headers["Clustershark-Nif"]);
        Assert.Equal("tcp port 80", headers["Clustershark-Filter"]);
        Assert.StartsWith("""{"name":"nginx",""", headers["Clustershark-Container"], StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_FilterOverSeveralLines_SpacesInTheHeaderExactTextInTheQuery()
    {
        // A link or a pasted filter may hold line breaks; a header cannot (ClientWebSocket throws on them).
        var request = new CaptureRequest { Target = new CaptureTarget { Name = "x", Netns = 1 }, Filter = "tcp\r\nport 80\tor\u0000udp" };

        var headers = request.Headers().ToDictionary(h => h.Key, h => h.Value);

        Assert.Equal("tcp  port 80 or udp", headers["Clustershark-Filter"]);
        Assert.Contains(new KeyValuePair<string, string>("filter", "tcp\r\nport 80\tor\u0000udp"), request.QueryValues());
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }
    }

    [Fact]
    public void QueryValues_NoInterfacesAnywhere_FallsBackToAny()
    {
        var request = new CaptureRequest { Target = new CaptureTarget { Name = "x", Netns = 1 }, NoPromiscuous = true, SnapLength = 96 };
        var query = GoQuery.Encode(request.QueryValues());
        Assert.StartsWith("chaste=&container=", query, StringComparison.Ordinal);
        Assert.EndsWith("&nif=any&snaplen=96", query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:5001", "http://127.0.0.1:5001/", "127.0.0.1")]
    [InlineData("https://edge.example:8443/pf/", "https://edge.example:8443/pf/", "edge.example")]
    [InlineData("http://[::1]:5001", "http://[::1]:5001/", "::1")]
    public void HostUrl_Parse_NormalisesLikeCsharg(string input, string expected, string node)
    {
        var host = HostUrl.Parse(input);
        Assert.Equal(expected, host.BaseUri.AbsoluteUri);
        Assert.Equal(node, host.NodeName);
    }

    [Theory]
    [InlineData("http://user:pw@host:5001")]
    [InlineData("http://host:5001/?x=1")]
    public void HostUrl_ExtraParts_Refused(string input)
    {
        Assert.False(HostUrl.TryParse(input, out _, out var error));
        Assert.Contains("only host name and optional port number allowed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PacketflixUrl_WebUiExample_TakenApart()
    {
        // docs/protocol.md §16, the real example.
        const string Url = "packetflix:ws://localhost:5001/capture?container=%7B%22netns%22%3A4026532571%2C%22network-interfaces%22%3A"
            + "%5B%22eth0%22%2C%22lo%22%5D%2C%22name%22%3A%22nginx%22%2C%22type%22%3A%22docker%22%2C%22prefix%22%3A%22%22%7D&nif=eth0/lo";
        Assert.True(PacketflixUrl.TryParse(Url, out var url, out _));
        Assert.Equal("http://localhost:5001/", url!.Host.BaseUri.AbsoluteUri);
        Assert.Equal("eth0/lo", url.Nif);
        Assert.Null(url.Filter);
        Assert.False(url.NoPromiscuous);
        Assert.True(CaptureTargetJson.TryParse(url.Container!, out var target, out _));
        Assert.Equal("nginx", target.Name);
        Assert.Equal(4026532571, target.Netns);
    }

    [Fact]
    public void PacketflixUrl_NoScheme_DefaultsToWss()
    {
        Assert.True(PacketflixUrl.TryParse("packetflix://edge:443/sub/capture?container=x&chaste", out var url, out _));
        Assert.Equal("https://edge/sub/", url!.Host.BaseUri.AbsoluteUri);
        Assert.True(url.NoPromiscuous);
    }

    private static readonly CaptureTarget[] Targets =
    [
        new() { Name = "web", Type = "docker", Netns = 11 },
        new() { Name = "web", Type = "docker", Prefix = "kind-control-plane", Netns = 12 },
        new() { Name = "database", Type = "docker", Netns = 13 },
        new() { Name = "default/nginx", Type = "pod", Netns = 14 },
    ];

    [Theory]
    [InlineData("web", 11)]
    [InlineData("kind-control-plane:web", 12)]
    [InlineData("DATABASE", 13)]
    [InlineData("14", 14)]
    public void Match_KnownForms_FindTarget(string query, long netns)
    {
        Assert.Equal(netns, TargetMatcher.Match(query, Targets)?.Netns);
    }

    [Fact]
    public void Match_UnknownName_SuggestsClosest()
    {
        var ex = Assert.Throws<ClientException>(() => TargetMatcher.Match("databse", Targets));
        Assert.Contains("did you mean: database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_AmbiguousName_ListsMatches()
    {
        CaptureTarget[] twins = [new() { Name = "api", Prefix = "a", Netns = 1 }, new() { Name = "api", Prefix = "b", Netns = 2 }];
        var ex = Assert.Throws<ClientException>(() => TargetMatcher.Match("api", twins));
        Assert.Contains("ambiguous", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a:api", ex.Message, StringComparison.Ordinal);
        Assert.Contains("b:api", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_UnknownInode_ReturnsNullForDirectNetnsCapture()
    {
        Assert.Null(TargetMatcher.Match("4026531992", Targets));
    }

    [Fact(Timeout = 30_000)]
    public async Task Sink_SplitChunksAndLimit_WritesOnlyWholeBlocksUpToLimit()
    {
        var stream = TestPcapng.Header().Concat(Enumerable.Range(0, 5).SelectMany(TestPcapng.Packet)).ToArray();
        using var output = new MemoryStream();
        var sink = new PcapngBlockSink(output, packetLimit: 3);
        for (var i = 0; i < stream.Length; i += 7)
        {
            await sink.WriteAsync(stream.AsMemory(i, Math.Min(7, stream.Length - i)), TestContext.Current.CancellationToken);
            TestPcapng.Read(output.ToArray()); // every prefix written is valid pcapng
        }

        Assert.True(sink.LimitReached);
        Assert.Equal(3, sink.Packets);
        Assert.Equal(3, TestPcapng.CountPackets(output.ToArray()));
    }

    [Theory]
    [InlineData("duration:2", 2)]
    [InlineData("0.5", 0.5)]
    public void ParseDuration_TsharkForm_Seconds(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CaptureCommand.ParseDuration(text));
    }
}
