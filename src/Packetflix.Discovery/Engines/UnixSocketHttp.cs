using Packetflix.Core.Net;

namespace Packetflix.Discovery.Engines;

/// <summary>HTTP (1.1 or h2c for gRPC) over a unix domain socket: every connection goes to one socket path.</summary>
internal static class UnixSocketHttp
{
    /// <summary>sun_path is 108 bytes including the terminating NUL (unix(7)).</summary>
    public const int MaxPathBytes = 107;

    public static bool IsUsablePath(string path) => System.Text.Encoding.UTF8.GetByteCount(path) <= MaxPathBytes;

    public static SocketsHttpHandler CreateHandler(string socketPath, TimeSpan connectTimeout)
    {
        return new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            UseProxy = false,
            // An engine restarted at the same path must get fresh connections.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = (_, cancellationToken) => UnixSocketConnector.ConnectAsync(socketPath, cancellationToken),
        };
    }
}
