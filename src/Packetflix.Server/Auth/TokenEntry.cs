namespace Packetflix.Server.Auth;

/// <summary>One accepted bearer token: the name the audit log shows, the SHA-256 of the token (never the token),
/// and the targets it may capture and see (null: all of them).</summary>
internal sealed record TokenEntry(string Name, byte[] Hash, TargetScope? Scope = null);
