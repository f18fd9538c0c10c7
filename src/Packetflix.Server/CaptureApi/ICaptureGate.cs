using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// The seam through which access control (src/Packetflix.Server/Auth) sees every capture, whichever endpoint
/// serves it: the <b>resolved</b> target before anything is opened — never what the client sent — and then the
/// running session, whose counters the audit log reports when the request ends.
/// </summary>
internal interface ICaptureGate
{
    /// <summary>Null to go ahead; else the reason the capture is refused, which the client is told.</summary>
    public string? Admit(string session, ResolvedCapture capture);

    public void Started(string session, CaptureSession capture);
}
