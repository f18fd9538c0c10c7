namespace Packetflix.Server.Hosting;

/// <remarks>Event ids 1–39; every log class has its own range (docs/architecture.md, "Logging").</remarks>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "listening on {Addresses}")]
    public static partial void Listening(ILogger logger, string addresses);

    [LoggerMessage(2, LogLevel.Warning, "--insecure-no-auth: listening on a non-loopback address without authentication; anyone who reaches {Addresses} can capture all container traffic")]
    public static partial void ExposedWithoutAuth(ILogger logger, string addresses);

    [LoggerMessage(10, LogLevel.Information, "({Session}) capture connection from {Remote} with {Query}")]
    public static partial void Connected(ILogger logger, string session, string remote, string query);

    [LoggerMessage(11, LogLevel.Information, "({Session}) closing with {Code}: {Reason}")]
    public static partial void Closing(ILogger logger, string session, int code, string reason);

    [LoggerMessage(12, LogLevel.Debug, "({Session}) connection ended")]
    public static partial void Disconnected(ILogger logger, string session);

    [LoggerMessage(13, LogLevel.Information, "capture handshake from {Remote} rejected with {Status}")]
    public static partial void HandshakeRejected(ILogger logger, int status, string remote);

    [LoggerMessage(20, LogLevel.Information, "{Line}")]
    public static partial void Request(ILogger logger, string line);

    [LoggerMessage(30, LogLevel.Error, "embedded discovery failed")]
    public static partial void DiscoveryFailed(ILogger logger, Exception exception);
}
