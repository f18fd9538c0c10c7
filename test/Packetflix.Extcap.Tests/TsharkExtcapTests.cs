using System.Net.WebSockets;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>Real tshark runs the installed plugin from a temporary <c>WIRESHARK_CONFIG_DIR</c>.</summary>
public sealed class TsharkExtcapTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    internal static async Task<Dictionary<string, string>> InstallAsync(TempDirectory temp, CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = Path.Combine(temp.Path, "wireshark") };
        using var install = ExtcapBinary.Start(["extcap", "install"], env);
        var stdout = await install.StandardOutput.ReadToEndAsync(cancellationToken);
        await install.WaitForExitAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
        Assert.True(install.ExitCode == 0, stdout + await install.StandardError.ReadToEndAsync(cancellationToken));
        Assert.Contains("lists the mobyshark and packetflix interfaces", stdout, StringComparison.Ordinal);
        return env;
    }

    internal static Task<ShellResult> TsharkAsync(IDictionary<string, string> env, IEnumerable<string> args, CancellationToken cancellationToken) =>
        Shell.RunAsync("env", [.. env.Select(e => $"{e.Key}={e.Value}"), "tshark", .. args], Timeout, cancellationToken);

    [Fact(Timeout = 120000)]
    public async Task Install_TempConfigDir_TsharkListsBothInterfaces()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = await InstallAsync(temp, ct);
        var result = await TsharkAsync(env, ["-D"], ct);
        Assert.Contains("mobyshark (Docker host capture", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("packetflix (packetflix:// remote cluster and container host capture", result.StdOut, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, "wireshark", "extcap", "packetflix")));
    }

    [Fact(Timeout = 120000)]
    public async Task TsharkCount_Mobyshark_CapturesAndPluginClosesCiao()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = await InstallAsync(temp, ct);
        await using var service = await FakePacketflixService.StartAsync(ct);
        var target = Uri.EscapeDataString("""{"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0"],"prefix":""}""");
        var output = temp.File("out.pcapng");
        var result = await TsharkAsync(env, ["-i", "mobyshark", "-o", $"extcap.mobyshark.dockerhosturl:{service.HostUrl}",
            "-o", $"extcap.mobyshark.container:{target}", "-c", "5", "-w", output], ct);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(5, TestPcapng.CountPackets(await File.ReadAllBytesAsync(output, ct)));

        // tshark stopping after -c makes the plugin send close 1000 "ciao" (tshark signals it, or its fifo closes).
        var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, record.ClientCloseStatus);
        Assert.Equal("ciao", record.ClientCloseReason);
    }

    [Fact(Timeout = 120000)]
    public async Task TsharkCount_PacketflixUrl_CapturesFromWebUiLink()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = await InstallAsync(temp, ct);
        await using var service = await FakePacketflixService.StartAsync(ct);
        var container = Uri.EscapeDataString("""{"netns":4026532001,"network-interfaces":["eth0","lo"],"name":"web","type":"docker","prefix":""}""");
        var url = $"packetflix:ws://{service.BaseUri.Authority}/capture?container={container}&nif=eth0/lo";
        var result = await TsharkAsync(env, ["-i", "packetflix", "-o", $"extcap.packetflix.url:{url}", "-c", "3",
            "-T", "fields", "-e", "frame.number"], ct);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(["1", "2", "3"], result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.Equal("eth0/lo", record.Headers["Clustershark-Nif"]);
    }
}
