namespace Packetflix.Extcap.Client;

internal enum CaptureOutcomeKind
{
    /// <summary>The server ended the capture with close code 1000.</summary>
    Completed,

    /// <summary>We stopped (signal, packet count, duration, output gone) and the session closed.</summary>
    Stopped,

    /// <summary>The server closed with an error code; <see cref="CaptureOutcome.Message"/> is its reason.</summary>
    ServerError,

    /// <summary>The handshake failed: unreachable, refused, or not a Packetflix service.</summary>
    ConnectFailed,

    /// <summary>The connection broke without a close frame, or the server broke the protocol.</summary>
    ConnectionLost,

    /// <summary>A second signal aborted the capture.</summary>
    Aborted,
}
