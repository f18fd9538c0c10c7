namespace Packetflix.Capture;

/// <summary>What kind of error kept a capture from starting; the server maps each kind to an HTTP status and a
/// WebSocket close code in one table. The message text stays upstream's.</summary>
public enum CaptureErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>A query parameter or the target description is malformed, missing or contradictory (also a capture
    /// filter that does not compile).</summary>
    InvalidParameter,

    /// <summary>The target's network namespace is nowhere to be found.</summary>
    TargetNotFound,

    /// <summary>The namespace was found but cannot be held (its process is gone or is another one).</summary>
    TargetNotLockable,

    /// <summary>A named interface does not exist in the namespace.</summary>
    InterfaceNotFound,

    /// <summary>The discovery service could not be asked for fresh target data.</summary>
    DiscoveryFailed,

    /// <summary>The caller may not capture this (resolved) target.</summary>
    Forbidden,

    /// <summary>Anything else libpcap or the system refused.</summary>
    CaptureFailed,
}
