using Microsoft.Extensions.Logging;

namespace Packetflix.Capture;

/// <remarks>Event ids 150–169 of CaptureLog's 100–199: own-traffic exclusion and targets that rejoin.</remarks>
internal static partial class CaptureLog
{
    [LoggerMessage(150, LogLevel.Warning, "({Session}) interface {Interface}: cannot update the filter that leaves our own connections out: {Error}")]
    public static partial void OwnTrafficFilterFailed(ILogger logger, string session, string @interface, string error);
}
