using System.Diagnostics.CodeAnalysis;

namespace Packetflix.Capture;

/// <summary>A running multi-target session and the targets left out (with <c>partial</c>), or why none started.</summary>
public readonly record struct CaptureManyStartResult(CaptureSession? Session, string? Error, CaptureErrorKind ErrorKind,
    IReadOnlyList<CaptureTargetFailure> Failures)
{
    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Started => Session is not null;
}
