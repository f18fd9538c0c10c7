using Packetflix.Server.Cli;

namespace Packetflix.Server.Tests;

public sealed class CommandLineParserTests
{
    [Fact]
    public void Parse_NoArguments_UpstreamDefaultsAndLoopback()
    {
        var (options, error) = CommandLineParser.Parse([]);
        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(5001, options.Port);
        Assert.Equal("127.0.0.1", options.DiscoveryService);
        Assert.False(options.DiscoveryServiceGiven);
        Assert.Equal(5000, options.GhostwirePort);
        Assert.Empty(options.Listen);
        Assert.False(options.ProxyDiscovery);
    }

    [Theory]
    [InlineData("-p", "6000")]
    [InlineData("--port", "6000")]
    [InlineData("-p=6000", null)]
    [InlineData("--port=6000", null)]
    public void Parse_PortForms_AllAccepted(string first, string? second)
    {
        string[] args = second is null ? [first] : [first, second];
        var (options, error) = CommandLineParser.Parse(args);
        Assert.Null(error);
        Assert.Equal(6000, options!.Port);
    }

    [Fact]
    public void Parse_AllUpstreamFlags_Set()
    {
        var (options, error) = CommandLineParser.Parse(["--discovery-service", "gostwire.ghost-in-da-edge", "--gw-port=5500",
            "--proxy-discovery", "--debug", "--log-requests", "--log-headers", "--listen", "127.0.0.1", "--listen=::1"]);
        Assert.Null(error);
        Assert.Equal("gostwire.ghost-in-da-edge", options!.DiscoveryService);
        Assert.True(options.DiscoveryServiceGiven);
        Assert.Equal(5500, options.GhostwirePort);
        Assert.True(options.ProxyDiscovery && options.Debug && options.LogRequests && options.LogHeaders);
        Assert.Equal(["127.0.0.1", "::1"], options.Listen);
    }

    [Fact]
    public void Parse_BooleanWithExplicitValue_Honoured()
    {
        var (options, _) = CommandLineParser.Parse(["--debug=false", "--proxy-discovery=true"]);
        Assert.False(options!.Debug);
        Assert.True(options.ProxyDiscovery);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--share-captures" }, true)]
    [InlineData(new[] { "--share-captures=false" }, false)]
    public void Parse_ShareCaptures_OnUnlessTurnedOff(string[] args, bool expected)
    {
        var (options, error) = CommandLineParser.Parse(args);
        Assert.Null(error);
        Assert.Equal(expected, options!.ShareCaptures);
    }

    [Theory]
    [InlineData(new[] { "--nope" }, "unknown flag \"--nope\"")]
    [InlineData(new[] { "-p", "70000" }, "invalid port \"70000\"")]
    [InlineData(new[] { "-p", "abc" }, "invalid port \"abc\"")]
    [InlineData(new[] { "--port" }, "flag --port needs a value")]
    [InlineData(new[] { "--listen", "example" }, "invalid --listen \"example\"")]
    [InlineData(new[] { "--gw-port", "0" }, "invalid --gw-port \"0\"")]
    [InlineData(new[] { "--debug=maybe" }, "invalid value \"maybe\" for --debug")]
    [InlineData(new[] { "--share-captures=sometimes" }, "invalid value \"sometimes\" for --share-captures")]
    [InlineData(new[] { "stray" }, "unexpected argument \"stray\"")]
    [InlineData(new[] { "--buffer-size", "0" }, "invalid --buffer-size \"0\"")]
    public void Parse_BadInput_OneLineError(string[] args, string expectedStart)
    {
        var (options, error) = CommandLineParser.Parse(args);
        Assert.Null(options);
        Assert.NotNull(error);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void HelpText_MentionsLoopbackDefaultAndExposureRisk()
    {
        Assert.Contains("loopback only", HelpText.Usage, StringComparison.Ordinal);
        Assert.Contains("--listen", HelpText.Usage, StringComparison.Ordinal);
        Assert.Contains("every address", HelpText.Usage, StringComparison.Ordinal);
    }
}
