namespace Packetflix.Server.Auth;

/// <summary>One accepted bearer token: the name the audit log shows and the SHA-256 of the token (never the token).</summary>
internal sealed record TokenEntry(string Name, byte[] Hash);
