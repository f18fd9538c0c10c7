using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Tls;

/// <summary><c>packetflix probe</c> (the container HEALTHCHECK and Kubernetes exec probes) against a TLS listener:
/// verified by CA file or pinned fingerprint, or unverified with --insecure; anything else fails.</summary>
public sealed class HealthProbeTlsTests
{
    [Fact(Timeout = 60_000)]
    public async Task Probe_HttpsServer_AcceptedByCaFilePinOrInsecureOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (cert, key) = pki.IssueServer("server");
        var other = TestPki.Create(Directory.CreateDirectory(Path.Combine(dir.Path, "other")).FullName, "Other CA");
        await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { TlsCert = cert, TlsKey = key },
            directory: new FakeTargetDirectory());
        Assert.Equal("https", server.BaseUri.Scheme);
        var url = new Uri(server.BaseUri, "/healthz").ToString();
        var pin = TestPki.FingerprintOf(cert);

        Assert.Equal(0, await HealthProbe.RunAsync([url, "--ca-file", pki.CaFile]));
        Assert.Equal(0, await HealthProbe.RunAsync([url, "--tls-fingerprint", pin]));
        Assert.Equal(0, await HealthProbe.RunAsync([url, "--tls-fingerprint", pin["sha256:".Length..].Replace(":", "", StringComparison.Ordinal).ToLowerInvariant()]));
        Assert.Equal(0, await HealthProbe.RunAsync([url, "--insecure"]));

        // Not trusted by the system, another CA, another pin, plain http to a TLS port: all fail (exit 1).
        Assert.Equal(1, await HealthProbe.RunAsync([url]));
        Assert.Equal(1, await HealthProbe.RunAsync([url, "--ca-file", other.CaFile]));
        Assert.Equal(1, await HealthProbe.RunAsync([url, "--tls-fingerprint", "sha256:" + new string('A', 64)]));
        Assert.Equal(1, await HealthProbe.RunAsync([url.Replace("https:", "http:", StringComparison.Ordinal)]));
        // Bad arguments are 2, as before.
        Assert.Equal(2, await HealthProbe.RunAsync([url, "--tls-fingerprint", "nope"]));
        Assert.Equal(2, await HealthProbe.RunAsync(["https://example.com/healthz", "--insecure"]));
    }
}
