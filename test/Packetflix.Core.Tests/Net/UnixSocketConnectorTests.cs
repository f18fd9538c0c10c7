using System.Net.Sockets;
using Packetflix.Core.Net;

namespace Packetflix.Core.Tests.Net;

public sealed class UnixSocketConnectorTests
{
    [Fact(Timeout = 30_000)]
    public async Task ConnectAsync_ListeningSocket_StreamCarriesBytesBothWays()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TestTempDirectory();
        var path = dir.File("s.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);

        await using var client = await UnixSocketConnector.ConnectAsync(path, ct);
        using var server = await listener.AcceptAsync(ct);
        await client.WriteAsync("ping"u8.ToArray(), ct);
        var received = new byte[4];
        await server.ReceiveAsync(received, SocketFlags.None, ct);
        await server.SendAsync("pong"u8.ToArray(), SocketFlags.None, ct);
        var answer = new byte[4];
        await client.ReadExactlyAsync(answer, ct);

        Assert.Equal("ping"u8.ToArray(), received);
        Assert.Equal("pong"u8.ToArray(), answer);
    }

    [Fact(Timeout = 30_000)]
    public async Task ConnectAsync_NoSuchSocket_ThrowsSocketException()
    {
        using var dir = new TestTempDirectory();

        await Assert.ThrowsAsync<SocketException>(async () =>
            await UnixSocketConnector.ConnectAsync(dir.File("missing.sock"), TestContext.Current.CancellationToken));
    }
}
