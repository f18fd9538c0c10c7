namespace Packetflix.Server.Auth;

/// <summary>Who made a request, as the audit log names them, and from where. Stored as a request feature.</summary>
/// <param name="Name">The token's name, "loopback", "unix:UID", "anonymous" (<c>--insecure-no-auth</c>) or a client certificate's CN.</param>
/// <param name="Kind">How the caller was identified.</param>
/// <param name="Remote">The peer: address:port, or unix:UID for the unix socket.</param>
/// <param name="Scope">The targets a scoped token may capture and see; null for every target.</param>
internal sealed record Caller(string Name, CallerKind Kind, string Remote, TargetScope? Scope = null);
