using Microsoft.AspNetCore.Server.Kestrel.Core;
using Packetflix.Server.Cli;

namespace Packetflix.Server.Auth;

/// <summary>The connection-level limits of docs/api.md, "Limits", which Kestrel enforces before any of our code
/// runs: a peer that is slow to send its headers (slowloris) or sends huge ones cannot tie up the service.</summary>
internal static class KestrelLimits
{
    public static void ApplyPacketflixLimits(this KestrelServerOptions kestrel, ServerOptions options)
    {
        var limits = kestrel.Limits;
        // Headers not complete in time: Kestrel answers 408 and closes. Covers the WebSocket handshake, which is
        // an HTTP/1.1 request; after the upgrade the stream is ours and no longer timed by Kestrel.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(options.HandshakeTimeoutSeconds);
        // An open connection with no request in flight.
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(options.IdleTimeoutSeconds);
        // Beyond these Kestrel answers 431 (RFC 6585 §5) and 414 (RFC 9110 §15.5.15).
        limits.MaxRequestHeadersTotalSize = options.MaxHeaderBytes;
        limits.MaxRequestLineSize = options.MaxRequestLineBytes;
        // No endpoint takes a body (POST /auth/ticket needs none).
        limits.MaxRequestBodySize = 64 * 1024;
    }
}
