namespace Packetflix.Server.Hosting.Telemetry;

/// <summary>
/// The logging scope a capture endpoint holds for a session's whole lifetime: every line logged while it is open,
/// by any category and on any thread the session starts (the capture thread inherits the execution context), carries
/// the session id. With <c>--log-format json</c> it is the <c>Session</c> property of an entry of <c>Scopes</c>.
/// </summary>
internal static class SessionLogScope
{
    private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("session {Session}");

    public static IDisposable? Begin(ILogger logger, string session) => Scope(logger, session);
}
