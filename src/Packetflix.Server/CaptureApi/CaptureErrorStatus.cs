using System.Net.WebSockets;
using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>The one table from a start error's kind to what each endpoint answers: the HTTP status of
/// <c>/capture.pcapng</c> and the close code of <c>/capture</c> (docs/api.md). The reason text is always the
/// error's upstream message.</summary>
internal static class CaptureErrorStatus
{
    public static (int HttpStatus, WebSocketCloseStatus CloseStatus) For(CaptureErrorKind kind) => kind switch
    {
        // What the client got wrong.
        CaptureErrorKind.InvalidParameter => (StatusCodes.Status400BadRequest, CaptureEndpoint.ErrorStatus),
        // A target or interface that is not there.
        CaptureErrorKind.TargetNotFound => (StatusCodes.Status404NotFound, CaptureEndpoint.ErrorStatus),
        CaptureErrorKind.TargetNotLockable => (StatusCodes.Status404NotFound, CaptureEndpoint.ErrorStatus),
        CaptureErrorKind.InterfaceNotFound => (StatusCodes.Status404NotFound, CaptureEndpoint.ErrorStatus),
        // Access control refused the resolved target: 403 before the upgrade, 1008 (policy violation, RFC 6455 §7.4.1)
        // after it.
        CaptureErrorKind.Forbidden => (StatusCodes.Status403Forbidden, WebSocketCloseStatus.PolicyViolation),
        // Our side or the system failed.
        CaptureErrorKind.DiscoveryFailed => (StatusCodes.Status500InternalServerError, CaptureEndpoint.ErrorStatus),
        _ => (StatusCodes.Status500InternalServerError, CaptureEndpoint.ErrorStatus),
    };
}
