using System.Globalization;
using System.Net;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Multi;

/// <summary>802.1Q tags survive a multi-target download: frames tagged VLAN 42 are injected on one end of a veth pair
/// and must show <c>vlan.id == 42</c> on both the sending and the receiving interface.</summary>
public sealed class MultiTargetVlanTests
{
    private const int Frames = 5;

    private const int VlanId = 42;

    /// <summary>Sends argv[2] broadcast frames tagged with VLAN argv[3] (TPID 0x8100, IEEE 802.1Q §9.5) and ethertype
    /// 0x88b5 (IEEE 802 local experimental ethertype 1), payload "PFVLAN-&lt;argv[1]&gt;-&lt;n&gt;", from eth0 through
    /// an AF_PACKET SOCK_RAW socket (packet(7)): the frame goes out exactly as written, tag inline.</summary>
    private const string Sender = """
        import socket, struct, sys
        tag, count, vid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind(("eth0", 0))
        mac = bytes.fromhex(open("/sys/class/net/eth0/address").read().strip().replace(":", ""))
        for i in range(count):
            payload = ("PFVLAN-%s-%d" % (tag, i)).encode().ljust(46, b"\0")
            s.send(b"\xff" * 6 + mac + struct.pack("!HHH", 0x8100, vid, 0x88B5) + payload)
        """;

    [Fact(Timeout = 90_000)]
    public async Task Download_VlanTaggedFramesOnVethPair_TagOnSenderAndReceiver()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        Privileged.RequireTool("python3");
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        var tag = Guid.NewGuid().ToString("N")[..8];

        // No filter: with IPv6 off and nothing else sending on the pair, the count is the test's own frames (each is
        // seen twice, once leaving A and once arriving at B). A BPF "vlan" filter would test libpcap's filter
        // rewriting instead of what reaches the file.
        var targets = $$"""[{"name":"tx","netns":{{pair.InodeA}},"network-interfaces":["eth0"]},"""
            + $$"""{"name":"rx","netns":{{pair.InodeB}},"network-interfaces":["eth0"]}]""";
        var uri = new Uri(server.BaseUri, "/capture.pcapng?targets=" + Uri.EscapeDataString(targets)
            + $"&count={2 * Frames}&duration=30");
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The headers arrive once the capture runs, so these frames are in the file.
        await Shell.RunCheckedAsync("ip", ["netns", "exec", pair.NameA, "python3", "-c", Sender, tag,
            Frames.ToString(CultureInfo.InvariantCulture), VlanId.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(30), ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);

        // On receive the kernel moves the tag out of the frame into skb metadata (AF_PACKET reports it in
        // tpacket3_hdr.hv1.tp_vlan_tci with TP_STATUS_VLAN_VALID, packet(7)); the capture must put it back.
        var rows = await Tshark.FieldsFromBytesAsync(bytes, ["frame.interface_name", "vlan.id", "vlan.etype", "eth.type"], ct,
            $"frame contains \"PFVLAN-{tag}-\"");
        var dump = string.Join("; ", rows.Select(r => string.Join(' ', r)));
        foreach (var name in (string[])["tx/eth0", "rx/eth0"])
        {
            var mine = rows.Where(r => r[0] == name).ToList();
            Assert.True(mine.Count == Frames, $"{Frames} frames expected on {name}; tshark saw: {dump}");
            Assert.All(mine, r => Assert.True(r[1] == "42" && r[2] == "0x88b5", $"802.1Q tag 42 lost on {name}: {dump}"));
        }

        Assert.Equal(2 * Frames, rows.Count);
    }
}
