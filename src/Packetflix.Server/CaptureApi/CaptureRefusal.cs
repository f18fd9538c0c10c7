using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>A policy or limit decision against a capture request: the kind picks the status (CaptureErrorStatus),
/// the reason is the text the client gets.</summary>
internal sealed record CaptureRefusal(CaptureErrorKind Kind, string Reason);
