using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>One target of a multi-target request: its label and either the resolved capture or the error.</summary>
internal sealed record MultiTargetResolution(string Label, ResolvedCapture? Capture, string? Error, CaptureErrorKind ErrorKind);
