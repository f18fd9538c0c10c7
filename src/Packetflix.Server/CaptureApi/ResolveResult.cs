using System.Diagnostics.CodeAnalysis;

namespace Packetflix.Server.CaptureApi;

/// <summary>A resolved capture or the exact upstream error text for the close frame.</summary>
internal readonly record struct ResolveResult(ResolvedCapture? Capture, string? Error)
{
    [MemberNotNullWhen(true, nameof(Capture))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Capture is not null;

    public static ResolveResult Fail(string error) => new(null, error);
}
