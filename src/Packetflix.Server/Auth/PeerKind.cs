namespace Packetflix.Server.Auth;

/// <summary>The three kinds of connection the access rules tell apart.</summary>
internal enum PeerKind
{
    Loopback,
    Remote,
    UnixSocket,
}
