using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>
/// TLS end to end: the real service with a CA-issued certificate, a self-signed one, or client certificates (mTLS);
/// the CLI and the extcap under tshark verify it with <c>--ca-file</c> or pin it with <c>--tls-fingerprint</c>.
/// </summary>
public sealed class TlsEndToEndTests
{
    private static async Task<(int Code, byte[] Out, string Err)> RunCliAsync(IEnumerable<string> args, CancellationToken ct)
    {
        using var process = ExtcapBinary.Start(args);
        try
        {
            using var data = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.BaseStream.CopyToAsync(data, ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            return (process.ExitCode, data.ToArray(), await stderr);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(process);
        }
    }

    /// <summary>A FakeContainer, the fake discovery and the real service started with <paramref name="serverArgs"/>; the
    /// capture runs while the container pings.</summary>
    private static async Task WithContainerAsync(IReadOnlyList<string> serverArgs, Func<RealServer, FakeContainer, Task> body,
        CancellationToken ct)
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        Privileged.RequireTool("busybox");
        await using var container = await FakeContainer.StartAsync(ct);
        await using var discovery = await FakePacketflixService.StartAsync(ct);
        discovery.DiscoveryJson = $$"""{"containers":[{{EndToEndTests.TargetJson(container)}}]}""";
        await using var server = await RealServer.StartAsync(discovery.BaseUri.Port, serverArgs, ct);
        using var pings = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinger = EndToEndTests.PingUntilCancelledAsync(container, pings.Token);
        try
        {
            await body(server, container);
        }
        finally
        {
            await pings.CancelAsync();
            await pinger;
        }
    }

    private static async Task AssertFourIcmpAsync(byte[] pcapng, CancellationToken ct)
    {
        var result = await Shell.RunAsync("tshark", ["-r", "-", "-T", "fields", "-e", "icmp.type"], TimeSpan.FromSeconds(60), ct, pcapng);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var types = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, types.Length);
        Assert.All(types, t => Assert.True(t is "0" or "8", t));
    }

    [Fact(Timeout = 180_000)]
    public async Task CliCapture_FileCertificateWithCaFile_WssPcapngDecodes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (cert, key) = pki.IssueServer("server");
        await WithContainerAsync(["--tls-cert", cert, "--tls-key", key], async (server, _) =>
        {
            Assert.StartsWith("https://127.0.0.1:", server.HostUrl, StringComparison.Ordinal);
            var (code, output, err) = await RunCliAsync(["capture", "fake-web", "-i", "eth0", "-f", "icmp", "-c", "4", "-w", "-",
                "--host", server.HostUrl, "--ca-file", pki.CaFile], ct);
            Assert.True(code == 0, err);
            await AssertFourIcmpAsync(output, ct);

            // Without the CA the system's trust store refuses the test CA.
            var (refused, _, error) = await RunCliAsync(["ls", "--host", server.HostUrl], ct);
            Assert.Equal(1, refused);
            Assert.Contains("cannot reach the Packetflix service", error, StringComparison.Ordinal);
        }, ct);
    }

    [Fact(Timeout = 180_000)]
    public async Task SelfSignedPinned_CliAndTsharkExtcap_Capture()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var state = Path.Combine(dir.Path, "state");
        await WithContainerAsync(["--tls-self-signed", "--state-dir", state], async (server, container) =>
        {
            var fingerprint = TestPki.FingerprintOf(Path.Combine(state, "tls-self-signed.crt"));
            var (code, output, err) = await RunCliAsync(["capture", "fake-web", "-i", "eth0", "-f", "icmp", "-c", "4", "-w", "-",
                "--host", server.HostUrl, "--tls-fingerprint", fingerprint], ct);
            Assert.True(code == 0, err);
            await AssertFourIcmpAsync(output, ct);

            // The extcap under tshark, pinned with the fingerprint in openssl's form (lower case, no prefix).
            var env = await TsharkExtcapTests.InstallAsync(dir, ct);
            var result = await TsharkExtcapTests.TsharkAsync(env, ["-i", "mobyshark",
                "-o", $"extcap.mobyshark.dockerhosturl:{server.HostUrl}",
                "-o", $"extcap.mobyshark.tlsfingerprint:{fingerprint["sha256:".Length..].ToLowerInvariant()}",
                "-o", $"extcap.mobyshark.container:{Uri.EscapeDataString(EndToEndTests.TargetJson(container))}", "-o", "extcap.mobyshark.nif:eth0",
                "-f", "icmp", "-c", "4", "-T", "fields", "-e", "icmp.type"], ct);
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Equal(4, result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }, ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task CliLs_WrongFingerprint_RefusedNamingBoth()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var state = Path.Combine(dir.Path, "state");
        await using var discovery = await FakePacketflixService.StartAsync(ct);
        await using var server = await RealServer.StartAsync(discovery.BaseUri.Port, ["--tls-self-signed", "--state-dir", state], ct);
        var actual = TestPki.FingerprintOf(Path.Combine(state, "tls-self-signed.crt"));
        var wrong = "sha256:" + string.Join(':', Enumerable.Repeat("AB", 32));
        var (code, _, err) = await RunCliAsync(["ls", "--host", server.HostUrl, "--tls-fingerprint", wrong], ct);
        Assert.Equal(1, code);
        Assert.Contains($"the server's certificate {actual} is not the one pinned with --tls-fingerprint {wrong}", err, StringComparison.Ordinal);
        var (ok, _, okErr) = await RunCliAsync(["ls", "--host", server.HostUrl, "--tls-fingerprint", actual], ct);
        Assert.True(ok == 0, okErr);
    }

    [Fact(Timeout = 120_000)]
    public async Task CliLs_MutualTls_AcceptedWithClientCertificateRefusedWithout()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var pki = TestPki.Create(dir.Path);
        var (cert, key) = pki.IssueServer("server");
        var (clientCert, clientKey) = pki.IssueClient("alice", "alice");
        await using var discovery = await FakePacketflixService.StartAsync(ct);
        await using var server = await RealServer.StartAsync(discovery.BaseUri.Port,
            ["--tls-cert", cert, "--tls-key", key, "--tls-client-ca", pki.CaFile], ct);
        var (ok, _, okErr) = await RunCliAsync(["ls", "--host", server.HostUrl, "--ca-file", pki.CaFile,
            "--tls-client-cert", clientCert, "--tls-client-key", clientKey], ct);
        Assert.True(ok == 0, okErr);
        var (refused, _, err) = await RunCliAsync(["ls", "--host", server.HostUrl, "--ca-file", pki.CaFile], ct);
        Assert.Equal(1, refused);
        Assert.Contains("cannot reach the Packetflix service", err, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task CliLs_UnixSocketHost_ListsTargets()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "pf.sock");
        await using var discovery = await FakePacketflixService.StartAsync(ct);
        discovery.DiscoveryJson = """{"containers":[{"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0"],"pid":10,"starttime":20,"prefix":""}]}""";
        await using var server = await RealServer.StartAsync(discovery.BaseUri.Port, ["--listen", "unix:" + socket], ct);
        await Eventually.WaitUntilAsync(() => File.Exists(socket), TimeSpan.FromSeconds(30), ct, "the unix socket");
        var (code, output, err) = await RunCliAsync(["ls", "--host", "unix:" + socket], ct);
        Assert.True(code == 0, err);
        Assert.Contains("web", System.Text.Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }
}
