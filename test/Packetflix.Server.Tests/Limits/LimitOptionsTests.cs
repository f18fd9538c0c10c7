using Packetflix.Server.Cli;

namespace Packetflix.Server.Tests.Limits;

public sealed class LimitOptionsTests
{
    [Fact]
    public void Parse_NoLimitFlags_DocumentedDefaults()
    {
        var (options, error) = CommandLineParser.Parse([]);
        Assert.Null(error);
        Assert.Equal((256, 64, 32, 64, 4096), (options!.MaxSessions, options.MaxSessionsPerIdentity, options.MaxTargets, options.MaxInterfaces,
            options.MaxClientMessageBytes));
        Assert.Equal((10, 120, 32768, 16384), (options.HandshakeTimeoutSeconds, options.IdleTimeoutSeconds, options.MaxHeaderBytes,
            options.MaxRequestLineBytes));
    }

    [Fact]
    public void Parse_LimitFlags_Set()
    {
        var (options, error) = CommandLineParser.Parse(["--max-sessions", "3", "--max-sessions-per-identity=2", "--max-interfaces", "5",
            "--max-client-message", "1024", "--handshake-timeout", "2", "--max-header-bytes", "8192"]);
        Assert.Null(error);
        Assert.Equal((3, 2, 5, 1024, 2, 8192), (options!.MaxSessions, options.MaxSessionsPerIdentity, options.MaxInterfaces,
            options.MaxClientMessageBytes, options.HandshakeTimeoutSeconds, options.MaxHeaderBytes));
    }

    [Theory]
    [InlineData("--max-sessions", "0")]
    [InlineData("--max-interfaces", "-1")]
    [InlineData("--max-client-message", "10")]
    [InlineData("--handshake-timeout", "x")]
    public void Parse_BadLimit_Error(string flag, string value)
    {
        var (options, error) = CommandLineParser.Parse([flag, value]);
        Assert.Null(options);
        Assert.StartsWith($"invalid {flag} ", error, StringComparison.Ordinal);
    }
}
