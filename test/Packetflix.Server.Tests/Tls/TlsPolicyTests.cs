using Packetflix.Server.Auth;
using Packetflix.Server.Cli;
using Packetflix.Server.Tls;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Tls;

/// <summary>The TLS flags and which combinations the service refuses to start with.</summary>
public sealed class TlsPolicyTests
{
    [Fact]
    public void Parse_TlsFlags_Set()
    {
        var (options, error) = CommandLineParser.Parse(["--tls-cert", "/c.pem", "--tls-key=/k.pem", "--tls-client-ca", "/ca.pem",
            "--state-dir", "/tmp/s", "--tls-self-signed"]);
        Assert.Null(error);
        Assert.Equal(("/c.pem", "/k.pem", "/ca.pem", "/tmp/s", true),
            (options!.TlsCert, options.TlsKey, options.TlsClientCa, options.StateDir, options.TlsSelfSigned));
        Assert.Equal(ServerOptions.DefaultStateDir, CommandLineParser.Parse([]).Options!.StateDir);
    }

    [Fact]
    public void Validate_NonLoopbackWithTlsOnly_StillRefused()
    {
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (cert, key) = pki.IssueServer("server");
        var tlsOnly = new ServerOptions { Listen = ["0.0.0.0"], TlsCert = cert, TlsKey = key };
        Assert.StartsWith("refusing to listen on 0.0.0.0 without authentication", AccessPolicy.Validate(tlsOnly), StringComparison.Ordinal);
        Assert.Null(AccessPolicy.Validate(tlsOnly with { TlsClientCa = pki.CaFile }));
        Assert.Null(TlsPolicy.Validate(tlsOnly with { TlsClientCa = pki.CaFile }, TimeProvider.System));
    }

    [Theory]
    [InlineData("cert-only", "--tls-cert needs --tls-key FILE")]
    [InlineData("key-only", "--tls-key needs --tls-cert FILE")]
    [InlineData("both", "--tls-self-signed and --tls-cert/--tls-key exclude each other")]
    [InlineData("ca-without-tls", "--tls-client-ca needs TLS")]
    [InlineData("missing-cert", "cannot load the TLS certificate /nonexistent/c.pem")]
    public void Validate_BadTlsOptions_Reason(string kind, string expected)
    {
        var options = kind switch
        {
            "cert-only" => new ServerOptions { TlsCert = "/c.pem" },
            "key-only" => new ServerOptions { TlsKey = "/k.pem" },
            "both" => new ServerOptions { TlsSelfSigned = true, TlsCert = "/c.pem", TlsKey = "/k.pem" },
            "ca-without-tls" => new ServerOptions { TlsClientCa = "/ca.pem" },
            _ => new ServerOptions { TlsCert = "/nonexistent/c.pem", TlsKey = "/nonexistent/k.pem" },
        };
        Assert.StartsWith(expected, TlsPolicy.Validate(options, TimeProvider.System), StringComparison.Ordinal);
    }
}
