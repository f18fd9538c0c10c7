using System.Globalization;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>
/// Everything real: a FakeContainer with its own netns, the real service (discovery proxied to a fake mobyshark server),
/// tshark running the installed plugin, and the CLI.
/// </summary>
public sealed class EndToEndTests
{
    internal static string TargetJson(FakeContainer container) =>
        $$"""{"name":"fake-web","type":"docker","netns":{{container.NetnsInode}},"network-interfaces":["eth0"],"pid":{{container.Pid}},"starttime":{{container.StartTime}},"prefix":""}""";

    private sealed record Rig(FakeContainer Container, FakePacketflixService Discovery, RealServer Server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Discovery.DisposeAsync();
            await Container.DisposeAsync();
        }
    }

    private static async Task<Rig> StartRigAsync(CancellationToken cancellationToken)
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        Privileged.RequireTool("busybox");
        var container = await FakeContainer.StartAsync(cancellationToken);
        FakePacketflixService? discovery = null;
        try
        {
            discovery = await FakePacketflixService.StartAsync(cancellationToken);
            discovery.DiscoveryJson = $$"""{"containers":[{{TargetJson(container)}}]}""";
            var server = await RealServer.StartAsync(discovery.BaseUri.Port, cancellationToken);
            return new Rig(container, discovery, server);
        }
        catch
        {
            if (discovery is not null)
            {
                await discovery.DisposeAsync();
            }

            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pings in the background until cancelled, so a capture that starts any time sees traffic.</summary>
    internal static async Task PingUntilCancelledAsync(FakeContainer container, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await container.PingPeerAsync(10, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or TimeoutException)
            {
                // A failed round (the container going away, a loaded machine) is retried, after a pause so that a ping
                // that fails at once does not spawn processes in a busy loop.
                await Task.Delay(200, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [Fact(Timeout = 120000)]
    public async Task Tshark_MobysharkThroughRealServer_CapturesContainerPings()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StartRigAsync(ct);
        using var temp = new TempDirectory();
        var env = await TsharkExtcapTests.InstallAsync(temp, ct);
        using var pings = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinger = PingUntilCancelledAsync(rig.Container, pings.Token);
        try
        {
            var result = await TsharkExtcapTests.TsharkAsync(env, ["-i", "mobyshark", "-o", $"extcap.mobyshark.dockerhosturl:{rig.Server.HostUrl}",
                "-o", $"extcap.mobyshark.container:{Uri.EscapeDataString(TargetJson(rig.Container))}", "-o", "extcap.mobyshark.nif:eth0",
                "-f", "icmp", "-c", "4", "-T", "fields", "-e", "icmp.type"], ct);
            Assert.True(result.ExitCode == 0, result.StdErr);
            var types = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, types.Length);
            Assert.All(types, t => Assert.True(t is "0" or "8", t));
        }
        finally
        {
            await pings.CancelAsync();
            await pinger;
        }
    }

    [Fact(Timeout = 120000)]
    public async Task Tshark_PacketflixUrlThroughRealServer_CapturesContainerPings()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StartRigAsync(ct);
        using var temp = new TempDirectory();
        var env = await TsharkExtcapTests.InstallAsync(temp, ct);
        using var pings = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinger = PingUntilCancelledAsync(rig.Container, pings.Token);
        try
        {
            // The web UI's link form (docs/protocol.md §16): no pid/starttime; the plugin's client-side refresh fills them in.
            var container = Uri.EscapeDataString(
                $$"""{"netns":{{rig.Container.NetnsInode}},"network-interfaces":["eth0"],"name":"fake-web","type":"docker","prefix":""}""");
            var url = $"packetflix:{rig.Server.HostUrl.Replace("http:", "ws:", StringComparison.Ordinal)}/capture?container={container}&nif=eth0";
            var result = await TsharkExtcapTests.TsharkAsync(env, ["-i", "packetflix", "-o", $"extcap.packetflix.url:{url}",
                "-Y", "icmp", "-c", "6", "-T", "fields", "-e", "ip.src"], ct);
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Contains(FakeContainer.ContainerAddress, result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            await pings.CancelAsync();
            await pinger;
        }
    }

    [Fact(Timeout = 120000)]
    public async Task CliCapture_StdoutIntoTsharkRead_Decodes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StartRigAsync(ct);
        using var pings = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinger = PingUntilCancelledAsync(rig.Container, pings.Token);
        using var capture = ExtcapBinary.Start(["capture", "fake-web", "-i", "eth0", "-f", "icmp", "-c", "4", "-w", "-", "--host", rig.Server.HostUrl]);
        try
        {
            using var data = new MemoryStream();
            await capture.StandardOutput.BaseStream.CopyToAsync(data, ct);
            await capture.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.True(capture.ExitCode == 0, await capture.StandardError.ReadToEndAsync(ct));
            var result = await Shell.RunAsync("tshark", ["-r", "-", "-T", "fields", "-e", "icmp.type"], TimeSpan.FromSeconds(60), ct, data.ToArray());
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Equal(4, result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(capture);
            await pings.CancelAsync();
            await pinger;
        }
    }

    [Theory(Timeout = 120000)]
    [InlineData("duration")]
    [InlineData("sigint")]
    public async Task CliCapture_StopByDurationOrSigint_LeavesValidFile(string stop)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await StartRigAsync(ct);
        using var temp = new TempDirectory();
        var file = temp.File("c.pcapng");
        using var pings = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinger = PingUntilCancelledAsync(rig.Container, pings.Token);
        string[] args = ["capture", rig.Container.NetnsInode.ToString(CultureInfo.InvariantCulture), "-i", "eth0", "-f", "icmp", "-w", file,
            "--host", rig.Server.HostUrl, .. stop == "duration" ? new[] { "-a", "duration:3" } : []];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var capture = ExtcapBinary.Start(args);
        try
        {
            if (stop == "sigint")
            {
                // Signal once a packet is in the file, however long the busy machine took to get there; the sink writes
                // whole blocks only, so the file is readable at any moment.
                await Eventually.WaitUntilAsync(() => capture.HasExited || PacketsIn(file) > 0, TimeSpan.FromSeconds(60), ct,
                    "a captured packet in the CLI's file");
                Assert.False(capture.HasExited, "the CLI ended before it was signalled");
                ExtcapBinary.Signal(capture, "INT");
            }

            await capture.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.True(capture.ExitCode == 0, await capture.StandardError.ReadToEndAsync(ct));
            var blocks = TestPcapng.Read(await File.ReadAllBytesAsync(file, ct));
            Assert.IsType<Packetflix.Core.Pcapng.SectionHeaderBlock>(blocks[0]);
            Assert.Contains(blocks, b => b is Packetflix.Core.Pcapng.InterfaceDescriptionBlock);
            var types = await Tshark.FieldsAsync(file, ["icmp.type"], ct);
            if (stop == "sigint")
            {
                // Everything before the signal is kept: at least the packet we waited for.
                Assert.NotEmpty(types);
            }
            else
            {
                // The duration counts from the start, so on a busy machine the capture may have seen no packet yet;
                // but it must not end early.
                Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), $"ended after {clock.Elapsed}");
            }

            Assert.All(types, t => Assert.True(t[0] is "0" or "8", t[0]));
        }
        finally
        {
            ExtcapBinary.KillIfRunning(capture);
            await pings.CancelAsync();
            await pinger;
        }
    }

    /// <summary>Packets in a pcapng file that is still being written; 0 while it is missing or has no packet yet.</summary>
    private static int PacketsIn(string file)
    {
        try
        {
            return TestPcapng.CountPackets(File.ReadAllBytes(file));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            // Not created yet, or read in the middle of a block write: look again.
            return 0;
        }
    }
}
