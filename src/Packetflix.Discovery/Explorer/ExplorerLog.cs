using Microsoft.Extensions.Logging;

namespace Packetflix.Discovery.Explorer;

/// <remarks>Event ids 1400–1499; every log class has its own range (docs/architecture.md, "Logging").</remarks>
internal static partial class ExplorerLog
{
    [LoggerMessage(1400, LogLevel.Debug, "mount namespace {Mntns} cannot be read: {Reason}")]
    public static partial void MountsUnreadable(ILogger logger, ulong mntns, string reason);

    [LoggerMessage(1401, LogLevel.Warning, "the explorer continues without container names: discovery failed")]
    public static partial void DiscoveryUnavailable(ILogger logger, Exception exception);
}
