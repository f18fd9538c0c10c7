namespace Packetflix.Server.CaptureApi;

/// <remarks>Event ids 40–99; every log class has its own range (docs/architecture.md, "Logging").</remarks>
internal static partial class CaptureDownloadLog
{
    [LoggerMessage(40, LogLevel.Information, "({Session}) capture download for {Remote} with {Query}")]
    public static partial void Started(ILogger logger, string session, string remote, string query);

    [LoggerMessage(41, LogLevel.Information, "({Session}) capture download refused with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string session, int status, string reason);

    [LoggerMessage(42, LogLevel.Information, "({Session}) capture download ended ({Outcome}) after {Packets} packets, {Bytes} bytes")]
    public static partial void Ended(ILogger logger, string session, string outcome, long packets, long bytes);
}
