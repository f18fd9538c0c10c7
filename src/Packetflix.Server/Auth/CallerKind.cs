namespace Packetflix.Server.Auth;

/// <summary>How a caller was identified.</summary>
internal enum CallerKind
{
    /// <summary>A bearer token from the token file (directly or through a ticket).</summary>
    Token,

    /// <summary>A loopback TCP peer, trusted because <c>--auth-on-loopback</c> is off.</summary>
    Loopback,

    /// <summary>A unix socket peer: the socket's file mode and group decided who could connect.</summary>
    UnixSocket,

    /// <summary>A remote peer let in by <c>--insecure-no-auth</c>.</summary>
    Anonymous,

    /// <summary>A TLS client certificate issued by the <c>--tls-client-ca</c> CA; the name is its subject's CN.</summary>
    Certificate,
}
