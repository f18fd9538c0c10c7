namespace Packetflix.Server.Auth;

/// <summary>Access decisions and the per-session audit line (docs/security.md, "Audit log").</summary>
/// <remarks>Event ids 600–699. The session lines go to the logger category <see cref="Category"/> so that they can
/// be routed or kept apart from the rest; no token or ticket is ever an argument here.</remarks>
internal static partial class AuditLog
{
    public const string Category = "Packetflix.Audit";

    [LoggerMessage(600, LogLevel.Information,
        "capture session {Session} by {Who} from {Remote}: target {Target}, interfaces {Interfaces}, filter \"{Filter}\", "
        + "{Start}–{End}, {Packets} packets, {Bytes} bytes sent, {KernelDrops} dropped by the kernel, {BufferDrops} dropped by us, "
        + "ended: {Reason}")]
    public static partial void Session(ILogger logger, string session, string who, string remote, string target, string interfaces,
        string filter, string start, string end, long packets, long bytes, long kernelDrops, long bufferDrops, string reason);

    [LoggerMessage(601, LogLevel.Information, "capture request by {Who} from {Remote} not started ({Outcome}): {Query}")]
    public static partial void NotStarted(ILogger logger, string who, string remote, string outcome, string query);

    [LoggerMessage(602, LogLevel.Warning, "capture session {Session} by {Who} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string session, string who, string reason);

    [LoggerMessage(603, LogLevel.Warning, "capture session {Session} by {Who}: target found again in netns {Netns} not joined: {Reason}")]
    public static partial void RejoinRefused(ILogger logger, string session, string who, long netns, string reason);

    [LoggerMessage(610, LogLevel.Information, "unauthenticated {Method} {Path} from {Remote} refused with 401: {Reason}")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string remote, string reason);

    [LoggerMessage(611, LogLevel.Debug, "ticket issued to {Who} from {Remote}")]
    public static partial void TicketIssued(ILogger logger, string who, string remote);

    [LoggerMessage(612, LogLevel.Warning, "loopback {Method} {Path} from {Remote} refused with 403: Host \"{Host}\" names another machine (DNS rebinding?)")]
    public static partial void ForeignHost(ILogger logger, string method, string path, string remote, string host);

    [LoggerMessage(620, LogLevel.Information, "token file {Path} reloaded: {Count} tokens")]
    public static partial void TokensReloaded(ILogger logger, string path, int count);

    [LoggerMessage(621, LogLevel.Error, "token file unusable, accepting no token until it is fixed: {Error}")]
    public static partial void TokensUnusable(ILogger logger, string error);

    [LoggerMessage(622, LogLevel.Information, "bearer tokens required from {Scope} ({Count} tokens in {Path})")]
    public static partial void TokensRequired(ILogger logger, string scope, int count, string path);

    [LoggerMessage(630, LogLevel.Information, "unix socket {Path} is mode 0660, group {Group}")]
    public static partial void UnixSocketReady(ILogger logger, string path, string group);

    [LoggerMessage(631, LogLevel.Error, "cannot set up unix socket {Path}: {Error}")]
    public static partial void UnixSocketFailed(ILogger logger, string path, string error);
}
