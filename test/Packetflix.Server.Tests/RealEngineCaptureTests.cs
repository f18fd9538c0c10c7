using System.Net.WebSockets;
using Packetflix.Core.Targets;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests;

/// <summary>The whole product against a real Docker engine: embedded discovery finds the container, a capture by
/// name works, and after a restart (new network namespace) the stale description is refreshed by name.</summary>
public sealed class RealEngineCaptureTests
{
    /// <summary>Imported from busybox-static by test/engines.sh.</summary>
    private const string Image = "local/busybox:latest";

    [Fact(Timeout = 180_000)]
    public async Task Capture_RealDockerContainerRestarted_RefreshedByNameToNewNetns()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        var ct = TestContext.Current.CancellationToken;
        var version = await Shell.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(version.ExitCode == 0, "dockerd is not running (test.sh starts it through test/engines.sh)");
        var name = $"pfcap-{Guid.NewGuid():N}"[..18];
        try
        {
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", name, Image, "sleep", "1000"], TimeSpan.FromSeconds(60), ct);
            await using var server = await PacketflixTestServer.StartAsync(ct);
            var first = await WaitForTargetAsync(server, name, t => t.NetworkInterfaces?.Contains("eth0") == true, ct);
            Assert.Equal("docker", first.Type);
            Assert.Equal("", first.Prefix);
            Assert.True(first.Pid > 0 && first.StartTime > 0 && first.Netns > 0);

            // What a Wireshark profile remembers: just the name (netns 0 forces the lookup by name and prefix).
            var remembered = $$"""{"name":"{{name}}","type":"docker","prefix":"","netns":0}""";
            await CaptureLoopbackPingsAsync(server, name, remembered, ct);

            await Shell.RunCheckedAsync("docker", ["restart", "-t", "0", name], TimeSpan.FromSeconds(60), ct);
            var second = await WaitForTargetAsync(server, name, t => t.Netns != first.Netns && t.Pid != first.Pid, ct);

            // The full old description is stale now (pid and start time no longer match): refreshed by name.
            await CaptureLoopbackPingsAsync(server, name, CaptureTargetJson.Serialize(first), ct);
            Assert.NotEqual(first.Netns, second.Netns);
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", name], TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    private static async Task CaptureLoopbackPingsAsync(PacketflixTestServer server, string name, string targetJson, CancellationToken ct)
    {
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(targetJson, "nif=lo")), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 1, ct);
        await Shell.RunCheckedAsync("docker", ["exec", name, "ping", "-c", "3", "-i", "0.2", "127.0.0.1"], TimeSpan.FromSeconds(30), ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 3, ct);
        await client.CloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Contains($"container-name: {name}\n", ((Core.Pcapng.SectionHeaderBlock)client.Blocks()[0]).Comment, StringComparison.Ordinal);
    }

    private static async Task<CaptureTarget> WaitForTargetAsync(PacketflixTestServer server, string name, Func<CaptureTarget, bool> ready,
        CancellationToken ct)
    {
        using var http = new HttpClient();
        var seen = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var body = await http.GetByteArrayAsync(new Uri(server.BaseUri, "/mobyshark"), ct);
            Assert.True(CaptureTargetJson.TryParseList(body, out var targets, out var error), error);
            if (targets.FirstOrDefault(t => t.Name == name) is { } target && ready(target))
            {
                return target;
            }

            seen = string.Join(", ", targets.Select(t => $"{t.Type}:{t.Name}({t.Netns})"));
            await Task.Delay(250, ct);
        }

        var engines = await http.GetStringAsync(new Uri(server.BaseUri, "/json"), ct);
        throw new TimeoutException($"/mobyshark never listed {name} as expected; last answer: {seen}; /json starts: {engines[..Math.Min(600, engines.Length)]}");
    }
}
