using Microsoft.Extensions.Logging;

namespace Packetflix.Capture;

/// <remarks>Event ids 150–169 of CaptureLog's 100–199: own-traffic exclusion, targets that rejoin, and sessions that share a capture.</remarks>
internal static partial class CaptureLog
{
    [LoggerMessage(150, LogLevel.Warning, "({Session}) interface {Interface}: cannot update the filter that leaves our own connections out: {Error}")]
    public static partial void OwnTrafficFilterFailed(ILogger logger, string session, string @interface, string error);

    [LoggerMessage(151, LogLevel.Information, "({Session}) capture target {Target} restarted: its new network namespace {Inode} joined the stream (was {Previous})")]
    public static partial void Rejoined(ILogger logger, string session, string target, ulong inode, ulong previous);

    [LoggerMessage(152, LogLevel.Debug, "({Session}) capture target {Target} found again but not opened yet: {Error}")]
    public static partial void RejoinNotYet(ILogger logger, string session, string target, string error);

    [LoggerMessage(153, LogLevel.Warning, "({Session}) looking for capture target {Target} again failed")]
    public static partial void RejoinFailed(ILogger logger, string session, string target, Exception exception);

    [LoggerMessage(160, LogLevel.Information, "({Session}) joined the running capture {Capture}: {Streams} sessions share it")]
    public static partial void Joined(ILogger logger, string session, string capture, int streams);

    [LoggerMessage(161, LogLevel.Information, "({Session}) left the capture {Capture}: {Streams} sessions go on with it")]
    public static partial void Left(ILogger logger, string session, string capture, int streams);

    [LoggerMessage(162, LogLevel.Information, "({Session}) behind for {Milliseconds} ms: the shared capture {Capture} goes on for the others, this session counts what it misses until it caught up")]
    public static partial void CutLoose(ILogger logger, string session, string capture, long milliseconds);
}
