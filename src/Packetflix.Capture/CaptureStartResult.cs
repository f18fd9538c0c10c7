using System.Diagnostics.CodeAnalysis;

namespace Packetflix.Capture;

/// <summary>Either a running session or the reason it could not start (a bad filter, a missing interface…).</summary>
public readonly record struct CaptureStartResult(CaptureSession? Session, string? Error, CaptureErrorKind ErrorKind = CaptureErrorKind.None)
{
    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Started => Session is not null;
}
