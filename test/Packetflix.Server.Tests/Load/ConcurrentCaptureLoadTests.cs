using System.Buffers.Binary;
using System.Globalization;
using System.Net.WebSockets;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Load;

/// <summary>
/// 50 captures at once on 50 fake containers (each its own netns and veth, <see cref="FakeContainer"/>). Every container
/// pings its peer at 1/s with an ICMP payload size of its own, so the frame length says which container sent it: each
/// session must hold exactly the echo requests its container sent and none of another's (no cross-talk). Runs about
/// 60 s; <c>PACKETFLIX_LONG=1</c> makes it 10 min (README, "Testing"). The rate is low on purpose: CI has 2 cores.
/// </summary>
public sealed class ConcurrentCaptureLoadTests
{
    private const int Containers = 50;
    private const int BasePayload = 100;

    private static bool LongMode => Environment.GetEnvironmentVariable("PACKETFLIX_LONG") == "1";

    [Fact(Timeout = 1_800_000)]
    public async Task Capture_50ContainersConcurrently_EachSessionExactlyItsOwnFrames()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        var pings = LongMode ? 600 : 60;
        var containers = new List<FakeContainer>();
        var clients = new List<CaptureClient>();
        try
        {
            for (var i = 0; i < Containers; i++)
            {
                containers.Add(await FakeContainer.StartAsync(ct));
            }

            await using var server = await PacketflixTestServer.StartAsync(ct);
            foreach (var container in containers)
            {
                clients.Add(await CaptureClient.ConnectAsync(server.CaptureUri(Query(TargetJson(container), "nif=eth0&filter=icmp")), ct));
            }

            foreach (var client in clients)
            {
                await client.WaitForAsync(b => Interfaces(b).Count == 1, ct);
            }

            // All containers send at once, each a bounded, known number of echo requests marked by their size.
            await Task.WhenAll(containers.Select((c, i) => PingAsync(c, pings, BasePayload + i, ct)));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(120));
            for (var i = 0; i < Containers; i++)
            {
                var own = BasePayload + i;
                await clients[i].WaitForAsync(b => Requests(b).Count(size => size == own) >= pings, deadline.Token);
            }

            foreach (var client in clients)
            {
                await client.CloseAsync(ct);
                Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
            }

            for (var i = 0; i < Containers; i++)
            {
                var blocks = clients[i].Blocks();
                var sizes = Requests(blocks);
                Assert.Equal(pings, sizes.Count(size => size == BasePayload + i));
                Assert.True(sizes.All(size => size == BasePayload + i),
                    $"session {i} holds echo requests of other containers: sizes {string.Join(',', sizes.Distinct())}");
                var final = blocks.OfType<InterfaceStatisticsBlock>().Single(s => s.Statistics.EndTime is not null);
                Assert.Equal((ulong)blocks.OfType<EnhancedPacketBlock>().Count(), final.Statistics.UserDelivered);
            }

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{Containers} concurrent sessions, {pings} echo requests each ({Containers * pings} in all): every count exact, no cross-talk");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            foreach (var container in containers)
            {
                await container.DisposeAsync();
            }
        }
    }

    /// <summary>ICMP payload sizes of the echo requests (RFC 792 type 8) in a stream.</summary>
    private static List<int> Requests(IReadOnlyList<PcapngBlock> blocks) =>
        [.. blocks.OfType<EnhancedPacketBlock>().Where(IsIcmpEchoRequest).Select(p => BinaryPrimitives.ReadUInt16BigEndian(p.Data.Span[16..]) - 20 - 8)];

    private static Task<ShellResult> PingAsync(FakeContainer container, int count, int size, CancellationToken ct) =>
        Shell.RunCheckedAsync("nsenter",
            ["--target", container.Pid.ToString(CultureInfo.InvariantCulture), "--net", "busybox", "ping", "-c", count.ToString(CultureInfo.InvariantCulture),
                "-i", "1", "-W", "1", "-s", size.ToString(CultureInfo.InvariantCulture), FakeContainer.PeerAddress],
            TimeSpan.FromSeconds(count + 120), ct);
}
