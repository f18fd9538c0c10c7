using Microsoft.Extensions.Logging;

namespace Packetflix.Discovery.Engines;

/// <remarks>Event ids 500–599; every log class has its own range (docs/architecture.md, "Logging").</remarks>
internal static partial class EngineLog
{
    [LoggerMessage(500, LogLevel.Information, "found {Type} engine {Id} (pid {Pid}, version {Version}) at {ApiPath}")]
    public static partial void EngineFound(ILogger logger, string type, string id, int pid, string version, string apiPath);

    [LoggerMessage(501, LogLevel.Information, "{Type} engine {Id} (pid {Pid}) is gone")]
    public static partial void EngineGone(ILogger logger, string type, string id, int pid);

    [LoggerMessage(502, LogLevel.Debug, "{Comm} (pid {Pid}): no API socket answered among {Sockets}")]
    public static partial void NoApi(ILogger logger, string comm, int pid, string sockets);

    [LoggerMessage(503, LogLevel.Debug, "probe of {Socket} failed: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string socket, string reason);

    [LoggerMessage(504, LogLevel.Warning, "{Type} engine {Id}: watch failed, retrying in {Delay}: {Reason}")]
    public static partial void WatchFailed(ILogger logger, string type, string id, TimeSpan delay, string reason);

    [LoggerMessage(505, LogLevel.Debug, "{Type} engine {Id}: synced, {Count} containers")]
    public static partial void Synced(ILogger logger, string type, string id, int count);

    [LoggerMessage(506, LogLevel.Debug, "{Type} engine {Id}: event stream unavailable, polling instead: {Reason}")]
    public static partial void Polling(ILogger logger, string type, string id, string reason);

    [LoggerMessage(508, LogLevel.Debug, "{Type} engine {Id}: namespace {Namespace}: {Containers} containers, {Tasks} tasks, {Alive} alive")]
    public static partial void NamespaceListed(ILogger logger, string type, string id, string @namespace, int containers, int tasks, int alive);

    [LoggerMessage(509, LogLevel.Debug, "probing {Comm} (pid {Pid}) at {Sockets}")]
    public static partial void Probing(ILogger logger, string comm, int pid, string sockets);

    [LoggerMessage(507, LogLevel.Debug, "socket path {Path} is too long for sockaddr_un, skipped")]
    public static partial void PathTooLong(ILogger logger, string path);
}
