using System.Diagnostics.CodeAnalysis;
using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>A capture request that was resolved and admitted (limits and access control), or why not.</summary>
/// <param name="Capture">The resolved capture, when admitted.</param>
/// <param name="ErrorKind">Why not.</param>
/// <param name="Error">The text the client gets.</param>
/// <param name="Refused">True for a limit or access decision: <c>/capture</c> answers it with an HTTP status before
/// the upgrade. Resolution errors (false) keep upstream's behaviour, a close frame after the upgrade.</param>
/// <param name="Many">The admitted targets of a multi-target request (then <paramref name="Capture"/> is the first).</param>
internal sealed record CaptureAdmission(ResolvedCapture? Capture, CaptureErrorKind ErrorKind, string? Error, bool Refused,
    AdmittedTargets? Many = null)
{
    [MemberNotNullWhen(true, nameof(Capture))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Admitted => Capture is not null;

    /// <summary>The connection the stream goes out on, and whether the capture leaves our own connections out.</summary>
    public (OwnConnection? Connection, bool ExcludeOwn) Own { get; init; }

    public static CaptureAdmission Admit(ResolvedCapture capture) => new(capture, CaptureErrorKind.None, null, false);

    public static CaptureAdmission Admit(AdmittedTargets many) => new(many.Targets[0].Capture, CaptureErrorKind.None, null, false, many);

    public static CaptureAdmission Fail(CaptureErrorKind kind, string error, bool refused) => new(null, kind, error, refused);
}
