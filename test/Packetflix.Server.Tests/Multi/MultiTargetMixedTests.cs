using System.Globalization;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Multi;

/// <summary>One stream from four kinds of target at once: a real Docker container, an unshare'd process, a real
/// podman container and the host's own lo, against a server with embedded discovery. Each pings its own loopback
/// with a payload size of its own, so every echo request tells which target sent it.</summary>
public sealed class MultiTargetMixedTests
{
    /// <summary>Imported from busybox-static by test/engines.sh (docker, and as localhost/… into podman).</summary>
    private const string Image = "local/busybox:latest";

    private const string PodmanImage = "localhost/local/busybox:latest";

    private const int Pings = 3;

    private static readonly TimeSpan EngineTimeout = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 240_000)]
    public async Task Capture_DockerUnsharePodmanAndHostLo_OneSectionEachOnItsInterface()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        Privileged.RequireTool("podman");
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        var docker = await Shell.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(docker.ExitCode == 0, "dockerd is not running (test.sh starts it through test/engines.sh)");
        var podman = await Shell.RunAsync("podman", ["image", "exists", PodmanImage], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(podman.ExitCode == 0, $"podman has no {PodmanImage} (test.sh imports it through test/engines.sh)");
        var id = Guid.NewGuid().ToString("N")[..8];
        string dockerName = $"pfmix-{id}-d", podmanName = $"pfmix-{id}-p", fakeName = $"pfmix-{id}-u";
        try
        {
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", dockerName, "--sysctl", "net.ipv6.conf.all.disable_ipv6=1",
                Image, "sleep", "1000"], EngineTimeout, ct);
            // As PodmanEngineTests: explicit ulimits, so podman need not raise rlimits (docs/protocol.md §18.7). Podman's
            // default capability set lacks NET_RAW (containers.conf(5) default_capabilities), which busybox ping needs.
            await Shell.RunCheckedAsync("podman", ["run", "-d", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096",
                "--cap-add", "NET_RAW", "--name", podmanName, "--sysctl", "net.ipv6.conf.all.disable_ipv6=1", PodmanImage, "sleep", "1000"], EngineTimeout, ct);
            await using var fake = await FakeContainer.StartAsync(ct);
            var dockerPid = (await Run("docker", ["inspect", "-f", "{{.State.Pid}}", dockerName], ct)).Trim();
            var podmanPid = (await Run("podman", ["inspect", "-f", "{{.State.Pid}}", podmanName], ct)).Trim();

            // Distinct ICMP payload sizes (ip.len = 20 + 8 + size, RFC 791/792), unusual enough that nothing else on the
            // shared host lo sends them.
            var targets = new (string Json, string Interface, string[] Ping, int Size)[]
            {
                ($$"""{"name":"{{dockerName}}","type":"docker","netns":{{ProcFs.NetnsOf(int.Parse(dockerPid, CultureInfo.InvariantCulture))}},"network-interfaces":["lo"]}""",
                    $"{dockerName}/lo", ["docker", "exec", dockerName, "ping"], 1187),
                (TargetJson(fake, fakeName, """["lo"]"""), $"{fakeName}/lo", ["nsenter", "--target", fake.Pid.ToString(CultureInfo.InvariantCulture),
                    "--net", "busybox", "ping"], 1193),
                ($$"""{"name":"{{podmanName}}","type":"podman","netns":{{ProcFs.NetnsOf(int.Parse(podmanPid, CultureInfo.InvariantCulture))}},"network-interfaces":["lo"]}""",
                    $"{podmanName}/lo", ["podman", "exec", podmanName, "ping"], 1201),
                ($$"""{"name":"host","type":"proc","netns":{{ProcFs.NetnsOf(Environment.ProcessId)}},"network-interfaces":["lo"]}""",
                    "host/lo", ["busybox", "ping"], 1213),
            };

            await using var server = await PacketflixTestServer.StartAsync(ct);
            var query = "targets=" + Uri.EscapeDataString("[" + string.Join(',', targets.Select(t => t.Json)) + "]") + "&filter=icmp";
            await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(query), ct);
            await client.WaitForAsync(blocks => Interfaces(blocks).Count == targets.Length, ct);

            foreach (var t in targets)
            {
                await Shell.RunCheckedAsync(t.Ping[0], [.. t.Ping[1..], "-c", Pings.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", "2",
                    "-s", t.Size.ToString(CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(60), ct);
            }

            await client.WaitForAsync(blocks => Enumerable.Range(0, targets.Length).All(i => EchoRequests(blocks, (uint)i) >= Pings), ct);
            await client.CloseAsync(ct);

            var blocks = client.Blocks();
            Assert.Single(blocks.OfType<SectionHeaderBlock>());
            Assert.Equal(targets.Select(t => t.Interface), Interfaces(blocks).Select(i => i.Name));
            var rows = await Tshark.FieldsFromBytesAsync(client.Bytes(), ["frame.time_relative", "frame.interface_name", "icmp.type", "ip.len"], ct);
            MultiTargetCaptureTests.AssertNonDecreasing(rows, blocks);
            foreach (var t in targets)
            {
                var length = (28 + t.Size).ToString(CultureInfo.InvariantCulture);
                var mine = rows.Where(r => r[2] == "8" && r[3] == length).ToList();
                // Each loopback echo request is seen once, on its own target's lo and nowhere else.
                Assert.True(mine.Count == Pings && mine.All(r => r[1] == t.Interface),
                    $"{Pings} echo requests of {length} bytes expected on {t.Interface} only; seen on: {string.Join(", ", mine.Select(r => r[1]))}");
            }
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", dockerName], EngineTimeout, CancellationToken.None);
            await Shell.RunAsync("podman", ["rm", "-f", "-t", "0", podmanName], EngineTimeout, CancellationToken.None);
        }
    }

    private static async Task<string> Run(string tool, string[] args, CancellationToken cancellationToken) =>
        (await Shell.RunCheckedAsync(tool, args, EngineTimeout, cancellationToken)).StdOut;
}
