namespace Packetflix.Server.CaptureApi;

/// <remarks>Event ids 800–899; every log class has its own range (docs/architecture.md, "Logging").</remarks>
internal static partial class CaptureRefusalLog
{
    [LoggerMessage(800, LogLevel.Information, "({Session}) capture refused before the upgrade with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string session, int status, string reason);

    [LoggerMessage(801, LogLevel.Information, "({Session}) client sent a message of more than {Limit} bytes: closing with 1009")]
    public static partial void ClientMessageTooBig(ILogger logger, string session, int limit);
}
