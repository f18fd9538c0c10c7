using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>
/// <c>link</c> in /json (docs/discovery.md): a macvlan, an ipvlan and a vxlan created in one test netns on its devices
/// and moved into another (<c>ip link set DEV netns B</c>), so the lower device is only known through
/// IFLA_LINK_NETNSID, an id the kernel gives namespace A as seen from B.
/// </summary>
public sealed class LowerDeviceLinkTests
{
    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 90_000)]
    public async Task Json_MacvlanIpvlanVxlanMovedToOtherNetns_LinkToLowerDevice()
    {
        Privileged.Require();
        Privileged.RequireTool("ip");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        var (a, b) = (pair.NameA, pair.NameB);

        // The lower devices: dummies, or bridges where the kernel has no dummy driver (a bridge without ports is an
        // Ethernet device that carries a macvlan just as well). macvlan and ipvlan cannot share one lower device
        // (each takes the device's rx_handler), so each gets its own.
        var lowerKind = await AddLowerAsync(a, "lower0", ct);
        await AddLowerAsync(a, "lower1", ct);
        await IpAsync(ct, "-n", a, "link", "add", "mv0", "link", "lower0", "type", "macvlan", "mode", "bridge");
        await IpAsync(ct, "-n", a, "link", "set", "mv0", "netns", b);
        // ipvlan is optional in kernels (CONFIG_IPVLAN); where it is missing only the macvlan and vxlan are checked. Any
        // other failure to create it is a failure of the test.
        var added = await Shell.RunAsync("ip", ["-n", a, "link", "add", "ipv0", "link", "lower1", "type", "ipvlan", "mode", "l2"], IpTimeout, ct);
        var ipvlan = added.ExitCode == 0;
        if (ipvlan)
        {
            await IpAsync(ct, "-n", a, "link", "set", "ipv0", "netns", b);
        }
        else
        {
            Assert.True(NoDriver(added.StdErr), $"ip link add ... type ipvlan failed: {added.StdErr.Trim()}");
        }

        // A vxlan's underlay comes as IFLA_VXLAN_LINK inside IFLA_INFO_DATA, not IFLA_LINK.
        await IpAsync(ct, "-n", a, "link", "add", "vx0", "type", "vxlan", "id", "4242", "dev", "eth0", "dstport", "4789");
        await IpAsync(ct, "-n", a, "link", "set", "vx0", "netns", b);
        var indexA = await IndexesAsync(a, ct);

        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        JsonElement nsA = default, nsB = default;
        await Eventually.WaitUntilAsync(async c =>
        {
            var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUri, "/json"), c)).RootElement.Clone();
            var namespaces = json.GetProperty("network-namespaces").EnumerateArray().ToList();
            nsA = namespaces.FirstOrDefault(n => n.GetProperty("netns").GetUInt64() == pair.InodeA);
            nsB = namespaces.FirstOrDefault(n => n.GetProperty("netns").GetUInt64() == pair.InodeB);
            return nsA.ValueKind == JsonValueKind.Object && nsB.ValueKind == JsonValueKind.Object
                && Interface(nsB, "mv0").ValueKind == JsonValueKind.Object && Interface(nsB, "vx0").ValueKind == JsonValueKind.Object;
        }, Eventually.DefaultDeadline, ct, "both test namespaces with mv0 and vx0 in /json");

        AssertLink(nsB, "mv0", pair.InodeA, indexA["lower0"], "lower0");
        AssertLink(nsB, "vx0", pair.InodeA, indexA["eth0"], "eth0");
        if (ipvlan)
        {
            AssertLink(nsB, "ipv0", pair.InodeA, indexA["lower1"], "lower1");
        }
        else
        {
            TestContext.Current.TestOutputHelper?.WriteLine("no ipvlan driver in this kernel: ipvlan not checked");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"lower devices: {lowerKind}");

        // A veth keeps its peer and has no link; the lower devices themselves have none.
        var eth0 = Interface(nsA, "eth0");
        Assert.Equal(JsonValueKind.Null, eth0.GetProperty("link").ValueKind);
        Assert.Equal(pair.InodeB, eth0.GetProperty("peer").GetProperty("netns").GetUInt64());
        Assert.Equal(JsonValueKind.Null, Interface(nsA, "lower0").GetProperty("link").ValueKind);
        Assert.Equal(JsonValueKind.Null, Interface(nsB, "mv0").GetProperty("peer").ValueKind);
    }

    private static void AssertLink(JsonElement ns, string name, ulong netns, int index, string lowerName)
    {
        var link = Interface(ns, name).GetProperty("link");
        Assert.True(link.ValueKind == JsonValueKind.Object, $"{name} has no link: {Interface(ns, name)}");
        Assert.Equal((netns, index, lowerName),
            (link.GetProperty("netns").GetUInt64(), link.GetProperty("index").GetInt32(), link.GetProperty("name").GetString()));
    }

    private static JsonElement Interface(JsonElement ns, string name) =>
        ns.GetProperty("network-interfaces").EnumerateArray().FirstOrDefault(i => i.GetProperty("name").GetString() == name);

    /// <summary>What ip says when the kernel has no driver for a link type (rtnetlink finds no ops for the kind, and
    /// loading the module failed): "Error: Unknown device type." (with extended acks) or EOPNOTSUPP (without).</summary>
    private static bool NoDriver(string stderr) =>
        stderr.Contains("Unknown device type", StringComparison.Ordinal) || stderr.Contains("Operation not supported", StringComparison.Ordinal);

    private static async Task<string> AddLowerAsync(string netns, string name, CancellationToken ct)
    {
        if ((await Shell.RunAsync("ip", ["-n", netns, "link", "add", name, "type", "dummy"], IpTimeout, ct)).ExitCode == 0)
        {
            return "dummy";
        }

        await IpAsync(ct, "-n", netns, "link", "add", name, "type", "bridge");
        return "bridge";
    }

    /// <summary>name → ifindex of every device in <paramref name="netns"/> (<c>ip -o link</c>: "3: lower0: ...").</summary>
    private static async Task<Dictionary<string, int>> IndexesAsync(string netns, CancellationToken ct)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var output = (await IpAsync(ct, "-n", netns, "-o", "link", "show")).StdOut;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(':', 3);
            var name = fields[1].Trim().Split('@')[0];
            result[name] = int.Parse(fields[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static Task<ShellResult> IpAsync(CancellationToken ct, params string[] args) =>
        Shell.RunCheckedAsync("ip", args, IpTimeout, ct);
}
