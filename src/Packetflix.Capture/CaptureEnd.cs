namespace Packetflix.Capture;

/// <summary>The end of a capture session and a human readable reason.</summary>
public readonly record struct CaptureEnd(CaptureEndKind Kind, string Reason);
