namespace Packetflix.Capture;

/// <summary>A target of a multi-target capture that could not be opened.</summary>
/// <param name="Index">Its position in the request.</param>
/// <param name="Label">Its label (<see cref="CaptureTargetSource.Label"/>).</param>
/// <param name="Reason">The error a single-target capture of it would have closed with.</param>
/// <param name="Kind">The kind of that error.</param>
public sealed record CaptureTargetFailure(int Index, string Label, string Reason, CaptureErrorKind Kind);
