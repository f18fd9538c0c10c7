using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Faults;

/// <summary>A client frame announcing far more than <c>--max-client-message</c> (default 4096) is answered with 1009
/// from its header alone: the client sends only 16 of the 2^40 bytes it announced.</summary>
public sealed class ClientFrameTests
{
    [Fact(Timeout = 120_000)]
    public async Task Capture_ClientFrameAnnouncing2Pow40Bytes_Close1009FromTheHeader()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var (socket, rest) = await FaultHelpers.UpgradeAsync(server.BaseUri, "/capture?" + Query(TargetJson(container)), ct);
        using (socket)
        {
            // FIN + binary, MASK + 127, 64-bit length 2^40, mask key, then 16 payload bytes only.
            byte[] frame = [0x82, 0xff, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4, .. new byte[16]];
            await socket.SendAsync(frame, System.Net.Sockets.SocketFlags.None, ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            Assert.Equal(1009, await FaultHelpers.ReadUntilCloseAsync(socket, rest, deadline.Token));
        }

        await Eventually.WaitUntilAsync(() => Capture.CaptureMetrics.SessionsActive == 0, TimeSpan.FromSeconds(60), ct, "session released");
    }
}
