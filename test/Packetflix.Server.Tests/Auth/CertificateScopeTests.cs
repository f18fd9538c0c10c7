using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Packetflix.Discovery.Engines;
using Packetflix.Server.Auth;
using Packetflix.Server.Cli;
using Packetflix.Server.Tests.Discovery;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Auth;

/// <summary>Scopes for mTLS callers (<c>--tls-client-scopes</c>): a certificate's CN mapped to allow= rules, enforced on
/// the resolved target as for tokens, with a test CA and two fake containers a fake Docker reports as "web1" and "db".</summary>
public sealed class CertificateScopeTests
{
    [Fact]
    public void Parse_NamesWithSpacesAndRules_ScopesByName()
    {
        var (scopes, error) = CertificateScopes.Parse("# who may see what\nJane Doe allow=docker:web*\nci allow=type:podman allow=pod:prod/*\n");
        Assert.Null(error);
        Assert.True(scopes!["Jane Doe"].Allows("docker", "", "web1", null));
        Assert.False(scopes["Jane Doe"].Allows("docker", "", "db", null));
        Assert.True(scopes["ci"].Allows("pod", "", "x", "prod/api"));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("allow=docker:web*")]
    [InlineData("alice allow=type:docker trailing")]
    [InlineData("alice allow=type:docker\nalice allow=type:podman")]
    public void Parse_Malformed_ErrorWithLine(string text)
    {
        var (scopes, error) = CertificateScopes.Parse(text);
        Assert.Null(scopes);
        Assert.StartsWith("line ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScopesWithoutClientCa_Refused()
    {
        using var dir = new TempDirectory();
        var file = dir.File("scopes");
        File.WriteAllText(file, "alice allow=type:docker\n");
        Assert.Contains("--tls-client-scopes needs --tls-client-ca",
            Packetflix.Server.Tls.TlsPolicy.Validate(new ServerOptions { TlsSelfSigned = true, StateDir = dir.File("state"), TlsClientScopes = file }, TimeProvider.System),
            StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Certificate_Scoped_SeesAndCapturesOnlyItsTargets()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var web = await FakeContainer.StartAsync(ct);
        await using var db = await FakeContainer.StartAsync(ct);
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (cert, key) = pki.IssueServer("server");
        var (webCert, webKey) = pki.IssueClient("web-team", "web team");
        var (adminCert, adminKey) = pki.IssueClient("admin", "admin");
        var scopes = dir.File("scopes");
        await File.WriteAllTextAsync(scopes, "web team allow=docker:web*\n", ct);
        var options = new ServerOptions
        {
            TlsCert = cert,
            TlsKey = key,
            TlsClientCa = pki.CaFile,
            TlsClientScopes = scopes,
            AuthOnLoopback = true,
        };
        Assert.Null(AccessPolicy.Validate(options));
        Assert.Null(Packetflix.Server.Tls.TlsPolicy.Validate(options with { Listen = ["127.0.0.1"] }, TimeProvider.System));
        await using var server = await PacketflixTestServer.StartAsync(ct, options, configure: s => s.AddSingleton<IEngineSource>(
            new FakeEngineSource(FakeEngineSource.Docker("web1", web.Pid), FakeEngineSource.Docker("db", db.Pid))));

        using var webIdentity = X509Certificate2.CreateFromPemFile(webCert, webKey);
        using var webHttp = Client(webIdentity);
        var seen = await webHttp.GetStringAsync(new Uri(server.BaseUri, "/mobyshark"), ct);
        Assert.Contains("\"name\":\"web1\"", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("\"name\":\"db\"", seen, StringComparison.Ordinal);
        var json = await webHttp.GetStringAsync(new Uri(server.BaseUri, "/json"), ct);
        Assert.DoesNotContain($"\"netns\":{db.NetnsInode},", json, StringComparison.Ordinal);

        using (var refused = await webHttp.GetAsync(new Uri(server.BaseUri, $"/capture.pcapng?netns={db.NetnsInode}&count=1"), ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // Its own container streams (headers are enough: the capture was admitted and opened).
        using (var own = await webHttp.GetAsync(new Uri(server.BaseUri, $"/capture.pcapng?netns={web.NetnsInode}&nif=eth0"),
                   HttpCompletionOption.ResponseHeadersRead, ct))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // A certificate that is not listed has no scope, as a token without allow=.
        using var adminIdentity = X509Certificate2.CreateFromPemFile(adminCert, adminKey);
        using var adminHttp = Client(adminIdentity);
        var all = await adminHttp.GetStringAsync(new Uri(server.BaseUri, "/mobyshark"), ct);
        Assert.Contains("\"name\":\"db\"", all, StringComparison.Ordinal);
    }

    private static HttpClient Client(X509Certificate2 identity) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            // The server's certificate is the test CA's; this test is about the client's.
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
            ClientCertificates = [identity],
        },
    });
}
