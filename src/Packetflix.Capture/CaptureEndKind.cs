namespace Packetflix.Capture;

/// <summary>Why a capture session ended.</summary>
public enum CaptureEndKind
{
    /// <summary>Still running.</summary>
    None,

    /// <summary><see cref="CaptureSession.Stop"/> was called (client closed, server shutting down).</summary>
    Stopped,

    /// <summary>The consumer of the stream completed its side of the pipe.</summary>
    ConsumerGone,

    /// <summary>No process and no bind mount holds the target network namespace any more.</summary>
    TargetGone,

    /// <summary>Every interface of the session went away or failed.</summary>
    InterfacesGone,

    /// <summary>An unexpected failure in the capture loop.</summary>
    Failed,
}
