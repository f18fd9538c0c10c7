namespace Packetflix.Server.CaptureApi;

/// <summary>How the pipe-to-socket loop ended.</summary>
internal enum SendOutcome
{
    /// <summary>The capture completed the pipe and everything was sent.</summary>
    Completed,

    /// <summary>We stopped reading (client closed, server shutting down).</summary>
    Canceled,

    /// <summary>The socket failed: the client vanished.</summary>
    SocketFailed,
}
