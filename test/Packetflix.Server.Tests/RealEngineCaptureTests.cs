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
            // The kernel may hand the new namespace the old inode number again (inode numbers are reused), which
            // is exactly why pid + starttime, not the inode, tell an old target from a new one.
            var second = await WaitForTargetAsync(server, name, t => t.Pid != first.Pid && t.StartTime != first.StartTime, ct);

            // The full old description is stale now (pid and start time no longer match): refreshed by name.
            await CaptureLoopbackPingsAsync(server, name, CaptureTargetJson.Serialize(first), ct);
            Assert.True(second.Netns > 0);
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", name], TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Mobyshark_RealDockerNetworks_SharedNoneAndStoppedAsExpected()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        var ct = TestContext.Current.CancellationToken;
        var version = await Shell.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(version.ExitCode == 0, "dockerd is not running (test.sh starts it through test/engines.sh)");
        var id = Guid.NewGuid().ToString("N")[..8];
        string web = $"pfweb-{id}", side = $"pfside-{id}", lonely = $"pflonely-{id}", stopped = $"pfstopped-{id}", network = $"pfnet-{id}";
        try
        {
            await Shell.RunCheckedAsync("docker", ["network", "create", network], TimeSpan.FromSeconds(60), ct);
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", web, "--network", network, Image, "sleep", "1000"],
                TimeSpan.FromSeconds(60), ct);
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", side, "--network", $"container:{web}", Image, "sleep", "1000"],
                TimeSpan.FromSeconds(60), ct);
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", lonely, "--network", "none", Image, "sleep", "1000"],
                TimeSpan.FromSeconds(60), ct);
            await Shell.RunCheckedAsync("docker", ["create", "--name", stopped, Image, "sleep", "1000"], TimeSpan.FromSeconds(60), ct);
            await using var server = await PacketflixTestServer.StartAsync(ct);

            var webTarget = await WaitForTargetAsync(server, web, t => t.NetworkInterfaces?.Contains("eth0") == true, ct);
            var sideTarget = await WaitForTargetAsync(server, side, _ => true, ct);
            var lonelyTarget = await WaitForTargetAsync(server, lonely, _ => true, ct);

            // A netns shared through --network container:X: two targets, one namespace, the same interfaces.
            Assert.Equal(webTarget.Netns, sideTarget.Netns);
            Assert.Equal(webTarget.NetworkInterfaces, sideTarget.NetworkInterfaces);
            Assert.NotEqual(webTarget.Pid, sideTarget.Pid);
            Assert.Equal(["lo"], lonelyTarget.NetworkInterfaces);
            using var http = new HttpClient();
            var all = await http.GetByteArrayAsync(new Uri(server.BaseUri, "/mobyshark"), ct);
            Assert.True(CaptureTargetJson.TryParseList(all, out var targets, out _));
            Assert.DoesNotContain(targets, t => t.Name == stopped);

            // The container's eth0 is a veth whose peer sits in the host namespace, enslaved to the network's bridge.
            using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUri, "/json"), ct));
            var netns = json.RootElement.GetProperty("network-namespaces").EnumerateArray()
                .Single(n => n.GetProperty("netns").GetInt64() == webTarget.Netns);
            var eth0 = netns.GetProperty("network-interfaces").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "eth0");
            Assert.Equal("veth", eth0.GetProperty("kind").GetString());
            var peer = eth0.GetProperty("peer");
            Assert.Equal(System.Text.Json.JsonValueKind.Object, peer.ValueKind);
            var initial = json.RootElement.GetProperty("network-namespaces").EnumerateArray().Single(n => n.GetProperty("initial").GetBoolean());
            Assert.Equal(initial.GetProperty("netns").GetInt64(), peer.GetProperty("netns").GetInt64());
            var hostEnd = initial.GetProperty("network-interfaces").EnumerateArray()
                .Single(i => i.GetProperty("index").GetInt32() == peer.GetProperty("index").GetInt32());
            Assert.StartsWith("br-", hostEnd.GetProperty("master").GetProperty("name").GetString(), StringComparison.Ordinal);
            Assert.Equal(2, netns.GetProperty("containers").EnumerateArray().Count(c => c.GetProperty("type").GetString() == "docker"));
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", side, web, lonely, stopped], TimeSpan.FromSeconds(60), CancellationToken.None);
            await Shell.RunAsync("docker", ["network", "rm", network], TimeSpan.FromSeconds(60), CancellationToken.None);
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
