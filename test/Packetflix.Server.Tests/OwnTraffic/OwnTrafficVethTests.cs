using System.Globalization;
using System.Security.Cryptography;
using Packetflix.Linux;
using Packetflix.Server.Cli;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.OwnTraffic;

/// <summary>Our own traffic on a real interface of the host: the service listens on the host side of a veth whose
/// other end is in a test namespace, the client downloads a capture of that very veth from inside the namespace
/// (with a token: the listener is not loopback). The file holds the namespace's pings and none of the download's
/// own segments.</summary>
public sealed class OwnTrafficVethTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 180_000)]
    public async Task Download_OfTheVethItRunsOver_HoldsPingsAndNoneOfItsOwnSegments()
    {
        Privileged.Require();
        Privileged.RequireTool("curl");
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var ns = $"pf-own-{id}";
        var veth = $"pfown{id}";
        var subnet = string.Create(CultureInfo.InvariantCulture, $"10.239.{RandomNumberGenerator.GetInt32(1, 255)}");
        using var dir = new TempDirectory();
        try
        {
            await CreateVethAsync(ns, veth, subnet, ct);
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var tokens = dir.File("tokens");
            await File.WriteAllTextAsync(tokens, token + "\n", ct);
            File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { AuthTokenFile = tokens },
                listen: subnet + ".1");
            var inode = ProcessNamespaces.LinkInode("/proc/self/ns/net");
            var file = dir.File("capture.pcapng");
            var url = string.Create(CultureInfo.InvariantCulture, $"{server.BaseUri}capture.pcapng?netns={inode}&nif={veth}&count=12");
            var download = Shell.RunAsync("ip", ["netns", "exec", ns, "curl", "-sS", "--fail", "-o", file, "-H", "Authorization: Bearer " + token, url],
                TimeSpan.FromSeconds(150), ct);
            while (!download.IsCompleted)
            {
                await Shell.RunAsync("ip", ["netns", "exec", ns, "busybox", "ping", "-c", "2", "-i", "0.2", "-W", "1", subnet + ".1"],
                    CommandTimeout, ct);
            }

            var result = await download;
            Assert.True(result.ExitCode == 0, $"curl exited with {result.ExitCode}: {result.StdErr}");
            var own = await Tshark.FieldsAsync(file, ["frame.number"], ct, $"tcp.port == {server.BaseUri.Port}");
            var pings = await Tshark.FieldsAsync(file, ["frame.number"], ct, $"icmp.type == 8 && ip.src == {subnet}.2");
            var all = await Tshark.FieldsAsync(file, ["frame.number"], ct);
            Assert.Empty(own);
            Assert.NotEmpty(pings);
            Assert.Equal(12, all.Count);
        }
        finally
        {
            await Shell.RunAsync("ip", ["link", "delete", veth], CommandTimeout, CancellationToken.None);
            await Shell.RunAsync("ip", ["netns", "delete", ns], CommandTimeout, CancellationToken.None);
        }
    }

    /// <summary>The host end <paramref name="veth"/> with <c>.1</c>, the namespace's <c>eth0</c> with <c>.2</c>, IPv6 off
    /// on both so only the test's frames (and ARP) cross.</summary>
    private static async Task CreateVethAsync(string ns, string veth, string subnet, CancellationToken ct)
    {
        await Ip(ct, "netns", "add", ns);
        await Ip(ct, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        await Shell.RunCheckedAsync("sysctl", ["-qw", $"net.ipv6.conf.{veth}.disable_ipv6=1"], CommandTimeout, ct);
        await Shell.RunCheckedAsync("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
            "net.ipv6.conf.eth0.disable_ipv6=1"], CommandTimeout, ct);
        await Ip(ct, "addr", "add", subnet + ".1/24", "dev", veth);
        await Ip(ct, "-n", ns, "addr", "add", subnet + ".2/24", "dev", "eth0");
        await Ip(ct, "link", "set", veth, "up");
        await Ip(ct, "-n", ns, "link", "set", "eth0", "up");
        await Ip(ct, "-n", ns, "link", "set", "lo", "up");
    }

    private static Task<ShellResult> Ip(CancellationToken ct, params string[] args) =>
        Shell.RunCheckedAsync("ip", args, CommandTimeout, ct);
}
