using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// The seam through which access control (src/Packetflix.Server/Auth) sees every capture, whichever endpoint
/// serves it: the <b>resolved</b> target before anything is opened — never what the client sent — and then the
/// running session, whose counters the audit log reports when the request ends.
/// </summary>
internal interface ICaptureGate
{
    /// <summary>Null to go ahead; else why the capture is refused (kind <see cref="CaptureErrorKind.Forbidden"/>
    /// for a target outside the caller's scope), which the client is told before any WebSocket upgrade.</summary>
    public ValueTask<CaptureRefusal?> AdmitAsync(string session, ResolvedCapture capture, CancellationToken cancellationToken);

    public void Started(string session, CaptureSession capture);

    /// <summary>The check a target found again later (a restarted container rejoining a multi-target session) must pass
    /// before it is opened: <see cref="AdmitAsync"/>'s check for this request's caller, taken now because the rejoin
    /// happens outside the request. True to let it join.</summary>
    public Func<ResolvedCapture, CancellationToken, ValueTask<bool>> RejoinCheck(string session);
}
