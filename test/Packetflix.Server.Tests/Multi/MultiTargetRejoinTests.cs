using System.Globalization;
using System.Net.WebSockets;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Core.Targets;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Multi;

/// <summary>A target that restarts in a multi-target capture: its old namespace's interfaces end, it is looked up
/// again by name, and its new namespace joins the stream with new IDBs and a comment saying so.</summary>
public sealed class MultiTargetRejoinTests
{
    [Fact(Timeout = 120_000)]
    public async Task Capture_TargetRestartsInNewNetns_RejoinsWithNewInterfacesAndComment()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        await using var a = await FakeContainer.StartAsync(ct);
        var b = await FakeContainer.StartAsync(ct);
        FakeContainer? restarted = null;
        try
        {
            // The directory is what a restart updates: first it still names b's old namespace, later the new one.
            var entry = new CaptureTarget { Name = "b", Type = "docker", NetworkInterfaces = ["eth0"] };
            Point(entry, b);
            await using var server = await PacketflixTestServer.StartAsync(ct, directory: new FakeTargetDirectory(entry));
            var targets = $"""[{TargetJson(a, "a", """["eth0"]""")},{TargetJson(b, "b", """["eth0"]""")}]""";
            await using var client = await CaptureClient.ConnectAsync(server.CaptureUri("targets=" + Uri.EscapeDataString(targets)), ct);
            await client.WaitForAsync(blocks => Interfaces(blocks).Count == 2, ct);
            var oldInode = b.NetnsInode;

            await b.KillAsync();
            await client.WaitForAsync(blocks => blocks.OfType<InterfaceStatisticsBlock>()
                .Any(s => s.InterfaceId == 1 && s.Statistics.EndTime is not null), ct);
            restarted = await FakeContainer.StartAsync(ct);
            Point(entry, restarted);
            await client.WaitForAsync(blocks => Interfaces(blocks).Count == 3, ct);
            await restarted.PingPeerAsync(3, ct);
            await a.PingPeerAsync(2, ct);
            await client.WaitForAsync(blocks => EchoRequests(blocks, 2) >= 3 && EchoRequests(blocks, 0) >= 2, ct);
            await client.CloseAsync(ct);

            Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
            var blocks = client.Blocks();
            var idb = Interfaces(blocks)[2];
            Assert.Equal("b/eth0", idb.Name);
            Assert.Contains("netns " + restarted.NetnsInode.ToString(CultureInfo.InvariantCulture), idb.Description, StringComparison.Ordinal);
            var first = blocks.OfType<InterfaceStatisticsBlock>().First(s => s.InterfaceId == 2);
            Assert.Equal(CaptureSession.RejoinedComment("b", restarted.NetnsInode, oldInode), first.Statistics.Comment);
            var rows = await Tshark.FieldsFromBytesAsync(client.Bytes(), ["frame.interface_name"], ct,
                "icmp.type == 8");
            Assert.Equal(3, rows.Count(r => r[0] == "b/eth0"));
            Assert.Equal(2, rows.Count(r => r[0] == "a/eth0"));
        }
        finally
        {
            await b.DisposeAsync();
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
        }
    }

    private static void Point(CaptureTarget entry, FakeContainer container)
    {
        entry.Netns = (long)container.NetnsInode;
        entry.Pid = container.Pid;
        entry.StartTime = (long)container.StartTime;
    }
}
