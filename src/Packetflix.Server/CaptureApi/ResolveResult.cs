using System.Diagnostics.CodeAnalysis;
using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>A resolved capture, or the kind of error and the exact upstream error text.</summary>
internal readonly record struct ResolveResult(ResolvedCapture? Capture, string? Error, CaptureErrorKind ErrorKind = CaptureErrorKind.None)
{
    [MemberNotNullWhen(true, nameof(Capture))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Capture is not null;

    public static ResolveResult Fail(CaptureErrorKind kind, string error) => new(null, error, kind);
}
