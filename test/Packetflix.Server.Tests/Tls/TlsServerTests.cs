using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Packetflix.Server.Auth;
using Packetflix.Server.Cli;
using Packetflix.Server.Tests.Auth;
using Packetflix.Server.Tls;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Tls;

/// <summary>TLS on a real Kestrel on 127.0.0.1:0: file certificates and their reload, the self-signed certificate, mTLS.</summary>
public sealed class TlsServerTests
{
    private static async Task<(PacketflixTestServer Server, LogCollector Logs)> StartAsync(ServerOptions options, CancellationToken ct)
    {
        var logs = new LogCollector();
        var server = await PacketflixTestServer.StartAsync(ct, options, directory: new FakeTargetDirectory(),
            configure: s => s.AddSingleton<ILoggerProvider>(logs));
        return (server, logs);
    }

    /// <summary>One request on a new connection; returns the status and the fingerprint of the certificate served.</summary>
    private static async Task<(HttpStatusCode Status, string Fingerprint)> GetAsync(Uri uri, CancellationToken ct,
        X509Certificate2? clientCertificate = null)
    {
        string? served = null;
        using var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            // The test checks what was served itself, by fingerprint.
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                served = certificate is null ? null : CertificateFingerprint.Of(new X509Certificate2(certificate));
                return certificate is not null;
            },
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        };
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(uri, ct);
        return (response.StatusCode, served!);
    }

    [Fact(Timeout = 60_000)]
    public async Task FileCertificate_Replaced_NextConnectionServesNewOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (cert, key) = pki.IssueServer("server");
        var first = TestPki.FingerprintOf(cert);
        var (server, logs) = await StartAsync(new ServerOptions { TlsCert = cert, TlsKey = key }, ct);
        await using var _ = server;
        Assert.Equal("https", server.BaseUri.Scheme);
        var version = new Uri(server.BaseUri, "/version");
        Assert.Equal((HttpStatusCode.OK, first), await GetAsync(version, ct));
        Assert.Contains($"fingerprint {first}", logs.All(), StringComparison.Ordinal);

        // Renewed in place (new key, new cert), as certbot or a secret mount would.
        pki.IssueServer("server", "renewed.localhost");
        var second = TestPki.FingerprintOf(cert);
        Assert.NotEqual(first, second);
        File.SetLastWriteTimeUtc(cert, DateTime.UtcNow.AddSeconds(5));
        File.SetLastWriteTimeUtc(key, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal((HttpStatusCode.OK, second), await GetAsync(version, ct));
        Assert.Contains("TLS certificate reloaded", logs.All(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task FileCertificate_ReplacedByGarbage_KeepsServingOldOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var (cert, key) = TestPki.Create(dir.Path).IssueServer("server");
        var first = TestPki.FingerprintOf(cert);
        var (server, logs) = await StartAsync(new ServerOptions { TlsCert = cert, TlsKey = key }, ct);
        await using var _ = server;
        await File.WriteAllTextAsync(cert, "not a certificate\n", ct);
        Assert.Equal((HttpStatusCode.OK, first), await GetAsync(new Uri(server.BaseUri, "/version"), ct));
        Assert.Contains("cannot be used", logs.All(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task SelfSigned_FirstAndSecondStart_SameCertificateKeptPrivate()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var state = Path.Combine(dir.Path, "state");
        var options = new ServerOptions { TlsSelfSigned = true, StateDir = state };
        Assert.Null(TlsPolicy.Validate(options with { Listen = ["127.0.0.1"] }, TimeProvider.System));
        var certFile = Path.Combine(state, SelfSignedCertificate.CertFileName);
        var keyFile = Path.Combine(state, SelfSignedCertificate.KeyFileName);
        var expected = TestPki.FingerprintOf(certFile);
        foreach (var file in new[] { certFile, keyFile })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        for (var start = 0; start < 2; start++)
        {
            var (server, logs) = await StartAsync(options, ct);
            await using var _ = server;
            Assert.Equal((HttpStatusCode.OK, expected), await GetAsync(new Uri(server.BaseUri, "/version"), ct));
            Assert.Contains($"--tls-fingerprint {expected}", logs.All(), StringComparison.Ordinal);
        }

        using var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        Assert.Equal("CN=packetflix", certificate.Subject);
        var sans = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", sans.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, sans.EnumerateIPAddresses());
    }

    [Fact(Timeout = 60_000)]
    public async Task MutualTls_ClientCertificate_AcceptedAsItsCommonNameRefusedWithout()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (cert, key) = pki.IssueServer("server");
        var (aliceCert, aliceKey) = pki.IssueClient("alice", "alice");
        var (strangerCert, strangerKey) = TestPki.Create(dir.Path, "Other CA").IssueClient("stranger", "mallory");

        // --auth-on-loopback: the loopback test client counts only through its certificate.
        var options = new ServerOptions { TlsCert = cert, TlsKey = key, TlsClientCa = pki.CaFile, AuthOnLoopback = true };
        Assert.Null(AccessPolicy.Validate(options));
        var (server, logs) = await StartAsync(options, ct);
        await using var _ = server;

        using var alice = X509Certificate2.CreateFromPemFile(aliceCert, aliceKey);
        var (status, _) = await GetAsync(new Uri(server.BaseUri, "/capture.pcapng?netns=-1"), ct, alice);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("capture request by alice from 127.0.0.1:", logs.All(), StringComparison.Ordinal);

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(new Uri(server.BaseUri, "/version"), ct));
        using var stranger = X509Certificate2.CreateFromPemFile(strangerCert, strangerKey);
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(new Uri(server.BaseUri, "/version"), ct, stranger));
        Assert.Contains("TLS client certificate refused", logs.All(), StringComparison.Ordinal);
    }
}
