using System.Globalization;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Multi;

/// <summary>Three real Docker containers on one user-defined network ping each other; one capture of all three plus
/// the bridge-side veth of the first shows each echo request on the sender's eth0, the veth and the receiver's eth0,
/// in time order.</summary>
public sealed class MultiTargetDockerTests
{
    /// <summary>Imported from busybox-static by test/engines.sh.</summary>
    private const string Image = "local/busybox:latest";

    private const int Pings = 3;

    [Fact(Timeout = 240_000)]
    public async Task Capture_ThreeDockerContainersAndVeth_EachEchoOnEveryHopInOrder()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        var version = await Shell.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(version.ExitCode == 0, "dockerd is not running (test.sh starts it through test/engines.sh)");
        var id = Guid.NewGuid().ToString("N")[..8];
        var network = $"pfmulti-{id}";
        string[] names = [$"pfm-{id}-a", $"pfm-{id}-b", $"pfm-{id}-c"];
        try
        {
            await Docker(["network", "create", "--ipv6=false", network], ct);
            foreach (var name in names)
            {
                await Docker(["run", "-d", "--name", name, "--network", network, "--sysctl", "net.ipv6.conf.all.disable_ipv6=1", Image,
                    "sleep", "1000"], ct);
            }

            var addresses = new List<string>();
            var targets = new List<string>();
            foreach (var name in names)
            {
                addresses.Add((await Docker(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name], ct)).Trim());
                var pid = (await Docker(["inspect", "-f", "{{.State.Pid}}", name], ct)).Trim();
                targets.Add($$"""{"name":"{{name}}","type":"docker","netns":{{ProcFs.NetnsOf(int.Parse(pid, CultureInfo.InvariantCulture))}},"network-interfaces":["eth0"]}""");
            }

            var iflink = (await Docker(["exec", names[0], "cat", "/sys/class/net/eth0/iflink"], ct)).Trim();
            var veth = HostInterfaceByIndex(int.Parse(iflink, CultureInfo.InvariantCulture));
            targets.Add($$"""{"name":"host","type":"proc","netns":{{ProcFs.NetnsOf(Environment.ProcessId)}},"network-interfaces":["{{veth}}"]}""");

            await using var server = await PacketflixTestServer.StartAsync(ct, directory: new FakeTargetDirectory());
            await using var client = await CaptureClient.ConnectAsync(
                server.CaptureUri("targets=" + Uri.EscapeDataString("[" + string.Join(',', targets) + "]") + "&filter=icmp"), ct);
            await client.WaitForAsync(blocks => Interfaces(blocks).Count == 4, ct);

            // a → b, b → c, c → a, one after the other, so each echo's hops are known.
            for (var i = 0; i < 3; i++)
            {
                await Docker(["exec", names[i], "ping", "-c", Pings.ToString(CultureInfo.InvariantCulture), "-W", "5",
                    addresses[(i + 1) % 3]], ct);
            }

            await client.WaitForAsync(blocks => Enumerable.Range(0, 3).All(i => EchoRequests(blocks, (uint)i) >= 2 * Pings), ct);
            await client.CloseAsync(ct);

            var rows = await Tshark.FieldsFromBytesAsync(client.Bytes(),
                ["frame.time_relative", "frame.interface_name", "icmp.type", "ip.src", "ip.dst", "icmp.seq"], ct);
            MultiTargetCaptureTests.AssertNonDecreasing(rows, client.Blocks());
            Assert.All(rows, r => Assert.True(r[2] is "8" or "0", "ICMP echo only"));
            var vethName = $"host/{veth}";
            string[] expected = [$"{names[0]}/eth0", $"{names[1]}/eth0", $"{names[2]}/eth0", vethName];
            Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Select(r => r[1]).Distinct().Order(StringComparer.Ordinal));
            for (var i = 0; i < 3; i++)
            {
                var (sender, receiver) = (i, (i + 1) % 3);
                var requests = rows.Where(r => r[2] == "8" && r[3] == addresses[sender] && r[4] == addresses[receiver]).ToList();
                Assert.Equal(Pings, requests.Count(r => r[1] == $"{names[sender]}/eth0"));
                Assert.Equal(Pings, requests.Count(r => r[1] == $"{names[receiver]}/eth0"));
                // The veth of container a carries what a sends and what a receives.
                Assert.Equal(sender == 0 || receiver == 0 ? Pings : 0, requests.Count(r => r[1] == vethName));
                foreach (var seq in requests.Select(r => r[5]).Distinct())
                {
                    var hops = requests.Where(r => r[5] == seq).Select(r => r[1]).ToList();
                    Assert.Equal($"{names[sender]}/eth0", hops[0]);
                    Assert.Equal($"{names[receiver]}/eth0", hops[^1]);
                }
            }
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", .. names], TimeSpan.FromSeconds(60), CancellationToken.None);
            await Shell.RunAsync("docker", ["network", "rm", network], TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    private static async Task<string> Docker(string[] args, CancellationToken cancellationToken) =>
        (await Shell.RunCheckedAsync("docker", args, TimeSpan.FromSeconds(90), cancellationToken)).StdOut;

    private static string HostInterfaceByIndex(int index)
    {
        foreach (var dir in Directory.GetDirectories("/sys/class/net"))
        {
            if (File.ReadAllText(Path.Combine(dir, "ifindex")).Trim() == index.ToString(CultureInfo.InvariantCulture))
            {
                return Path.GetFileName(dir);
            }
        }

        throw new InvalidOperationException($"no host interface with index {index}");
    }
}
