namespace Packetflix.Server.Auth;

/// <summary>The access state built at start: the token store when <c>--auth-token-file</c> is given.</summary>
internal sealed record AccessServices(TokenStore? Tokens);
