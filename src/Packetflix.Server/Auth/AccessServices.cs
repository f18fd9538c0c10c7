namespace Packetflix.Server.Auth;

/// <summary>The access state built at start: the token store when <c>--auth-token-file</c> is given, and the scopes
/// of client certificates by CN when <c>--tls-client-scopes</c> is.</summary>
internal sealed record AccessServices(TokenStore? Tokens, IReadOnlyDictionary<string, TargetScope>? CertificateScopes = null);
