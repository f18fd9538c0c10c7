namespace Packetflix.Capture;

/// <summary>What <see cref="SharedCaptures.ClaimAsync"/> gave a session: the running capture it joined, or the duty to
/// open the capture for its key (<see cref="Opening"/>, completed by <see cref="SharedCaptures.Opened"/>).</summary>
internal readonly record struct SharedCaptureClaim(CaptureEngine? Joined, TaskCompletionSource? Opening);
