namespace Packetflix.Server.Auth;

/// <summary>Why a capture request cannot have a session now: the HTTP status and the text the client gets.</summary>
internal readonly record struct SessionRefusal(int HttpStatus, string Reason);
