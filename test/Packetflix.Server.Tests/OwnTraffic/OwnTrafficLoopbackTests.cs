using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.OwnTraffic;

/// <summary>edgeshark #44: a capture of the host's <c>lo</c> while the stream itself runs over loopback. By default the
/// stream's own connection is left out, so the capture holds exactly the traffic the test sends; with
/// <c>exclude-own=0</c> it holds the stream's own packets too.</summary>
public sealed class OwnTrafficLoopbackTests
{
    private const int Batch = 5;

    [Fact(Timeout = 120_000)]
    public async Task Capture_HostLoopbackUnderOwnStream_HoldsOnlyTheTestsTraffic()
    {
        var (tcp, udp, bytes) = await CaptureLoopbackAsync(excludeOwn: true);

        Assert.Equal(0, tcp);
        Assert.Equal(2 * Batch, udp);
        // Header, two batches of small datagrams and a few statistics blocks: nothing that grows with the stream.
        Assert.True(bytes < 16 * 1024, $"stream of {bytes} bytes");
    }

    [Fact(Timeout = 120_000)]
    public async Task Capture_HostLoopbackWithExcludeOwnOff_HoldsTheStreamsOwnPackets()
    {
        var (tcp, udp, _) = await CaptureLoopbackAsync(excludeOwn: false);

        Assert.True(tcp > 0, "no packet of our own stream connection was captured");
        Assert.Equal(2 * Batch, udp);
    }

    /// <summary>Captures host <c>lo</c>, filtered to our server's port and one UDP port of the test, sends two batches
    /// of datagrams and waits for each: the stream's segments that carried the first batch went over <c>lo</c> before
    /// the second batch was sent, so once the second batch is in the capture they would be too.</summary>
    private static async Task<(int Tcp, int Udp, int Bytes)> CaptureLoopbackAsync(bool excludeOwn)
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var udpPort = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var tcpPort = server.BaseUri.Port;
        var inode = ProcessNamespaces.LinkInode("/proc/self/ns/net");
        var filter = string.Create(CultureInfo.InvariantCulture, $"tcp port {tcpPort} or (udp and dst port {udpPort})");
        var query = string.Create(CultureInfo.InvariantCulture, $"netns={inode}&nif=lo&filter={Uri.EscapeDataString(filter)}")
            + (excludeOwn ? "" : "&exclude-own=0");
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(query), ct);
        await client.WaitForAsync(blocks => blocks.OfType<InterfaceDescriptionBlock>().Any(), ct);

        using var sender = new UdpClient();
        for (var batch = 1; batch <= 2; batch++)
        {
            for (var i = 0; i < Batch; i++)
            {
                await sender.SendAsync(new byte[] { (byte)batch, (byte)i }, new IPEndPoint(IPAddress.Loopback, udpPort), ct);
            }

            var expected = batch * Batch;
            await client.WaitForAsync(blocks => Count(blocks, 17, udpPort) >= expected, ct);
        }

        var captured = client.Blocks();
        var bytes = client.Bytes().Length;
        await client.CloseAsync(ct);
        return (Count(captured, 6, tcpPort), Count(captured, 17, udpPort), bytes);
    }

    /// <summary>IPv4 packets on <c>lo</c> (DLT_EN10MB with zero addresses) of <paramref name="protocol"/> with
    /// <paramref name="port"/> as source or destination.</summary>
    private static int Count(IReadOnlyList<PcapngBlock> blocks, byte protocol, int port) =>
        blocks.OfType<EnhancedPacketBlock>().Count(p =>
        {
            var data = p.Data.Span;
            if (data.Length < 14 + 20 || BinaryPrimitives.ReadUInt16BigEndian(data[12..]) != 0x0800 || data[14 + 9] != protocol)
            {
                return false;
            }

            var l4 = 14 + ((data[14] & 0x0f) * 4);
            return data.Length >= l4 + 4
                && (BinaryPrimitives.ReadUInt16BigEndian(data[l4..]) == port || BinaryPrimitives.ReadUInt16BigEndian(data[(l4 + 2)..]) == port);
        });
}
