using System.Diagnostics.CodeAnalysis;
using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>The targets of a multi-target request, each resolved or failed (in request order), or why the request as
/// a whole is invalid.</summary>
internal readonly record struct MultiResolveResult(IReadOnlyList<MultiTargetResolution>? Targets, string? Error,
    CaptureErrorKind ErrorKind = CaptureErrorKind.None)
{
    [MemberNotNullWhen(true, nameof(Targets))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Targets is not null;

    public static MultiResolveResult Fail(CaptureErrorKind kind, string error) => new(null, error, kind);
}
