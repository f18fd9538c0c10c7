using Microsoft.Extensions.Logging;

namespace Packetflix.Discovery;

/// <remarks>Event ids 400–499; every log class has its own range (docs/architecture.md, "Logging").</remarks>
internal static partial class DiscoveryLog
{
    [LoggerMessage(400, LogLevel.Debug, "discovery found {Namespaces} network namespaces and {Targets} capture targets in {Milliseconds} ms")]
    public static partial void Discovered(ILogger logger, int namespaces, int targets, long milliseconds);

    [LoggerMessage(401, LogLevel.Warning, "container engines could not be queried; continuing without containers")]
    public static partial void EnginesFailed(ILogger logger, Exception exception);

    [LoggerMessage(402, LogLevel.Error, "discovery failed")]
    public static partial void DiscoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(403, LogLevel.Debug, "discovery refresh is slow; answering with the previous result ({AgeMilliseconds} ms old)")]
    public static partial void ServedStale(ILogger logger, long ageMilliseconds);
}
