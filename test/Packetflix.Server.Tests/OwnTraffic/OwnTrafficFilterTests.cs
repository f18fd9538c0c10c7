using System.Net;
using Packetflix.Capture;
using Packetflix.Server.CaptureApi;
using Packetflix.Server.Cli;

namespace Packetflix.Server.Tests.OwnTraffic;

public sealed class OwnTrafficFilterTests
{
    private static readonly OwnConnection Connection = new(IPAddress.Parse("::ffff:10.0.0.1"), 5001, IPAddress.Parse("10.0.0.2"), 40000);

    [Fact]
    public void Combine_UserFilterAndConnection_ExcludesBothDirectionsOfTheFourTuple()
    {
        var filter = OwnTrafficFilter.Combine("icmp", OwnTrafficFilter.Match([Connection]));

        Assert.Equal("(icmp) and not (tcp and ((src host 10.0.0.1 and src port 5001 and dst host 10.0.0.2 and dst port 40000) or "
            + "(src host 10.0.0.2 and src port 40000 and dst host 10.0.0.1 and dst port 5001)))", filter);
    }

    [Fact]
    public void Combine_NoConnections_IsTheUserFilterAlone()
    {
        Assert.Equal("icmp", OwnTrafficFilter.Combine("icmp", OwnTrafficFilter.Match([])));
        Assert.Null(OwnTrafficFilter.Combine(null, null));
        Assert.StartsWith("not (tcp and (", OwnTrafficFilter.Combine("", OwnTrafficFilter.Match([Connection])), StringComparison.Ordinal);
    }

    [Fact]
    public void Match_MoreConnectionsThanThePreciseLimit_MatchesTheLocalEndpoints()
    {
        var many = Enumerable.Range(0, OwnTrafficFilter.MaxPreciseConnections + 1)
            .Select(i => Connection with { RemotePort = 40000 + i }).ToList();

        Assert.Equal("tcp and ((host 10.0.0.1 and port 5001))", OwnTrafficFilter.Match(many));
    }

    [Fact]
    public void Register_TwiceThenOnceReleased_StaysUntilTheLastRelease()
    {
        var registry = new OwnConnectionRegistry(1);
        var first = registry.Register(Connection);
        var second = registry.Register(Connection);
        first.Dispose();
        Assert.Single(registry.Snapshot(out _));
        var before = registry.Version;
        second.Dispose();

        Assert.Empty(registry.Snapshot(out var version));
        Assert.True(version > before);
    }

    [Fact]
    public void Parse_IncludeOwnTraffic_SetsTheFlag()
    {
        var (options, error) = CommandLineParser.Parse(["--include-own-traffic"]);

        Assert.Null(error);
        Assert.True(options!.IncludeOwnTraffic);
        Assert.False(CommandLineParser.Parse([]).Options!.IncludeOwnTraffic);
    }
}
