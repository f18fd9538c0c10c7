using System.Net.Sockets;

namespace Packetflix.Core.Net;

/// <summary>
/// A connected stream to a unix domain socket (unix(7)), for <see cref="System.Net.Http.SocketsHttpHandler.ConnectCallback"/>:
/// the request's URL keeps naming host and path, the socket is the transport. Discovery's connections to the engines'
/// API sockets and the clients of the service's <c>unix:</c> listener all connect through this one method.
/// </summary>
public static class UnixSocketConnector
{
    /// <summary>Connects to <paramref name="path"/>; the stream owns the socket, which is disposed when the connect fails.</summary>
    public static async ValueTask<Stream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
