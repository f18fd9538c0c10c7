using System.Diagnostics.CodeAnalysis;
using Packetflix.Capture;
using Packetflix.Server.Hosting.Telemetry;

namespace Packetflix.Server.CaptureApi;

/// <summary>A running capture (which holds its namespace fd), or why it could not start. Disposing stops the
/// capture and releases everything it holds.</summary>
internal sealed class CaptureLease : IAsyncDisposable
{
    private readonly IDisposable? _registration;

    private CaptureLease(CaptureSession? session, string? error, CaptureErrorKind errorKind, IDisposable? registration = null)
    {
        _registration = registration;
        Session = session;
        Error = error;
        ErrorKind = errorKind;
    }

    public CaptureSession? Session { get; }

    public string? Error { get; }

    public CaptureErrorKind ErrorKind { get; }

    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Started => Session is not null;

    public static CaptureLease Running(CaptureSession session) => new(session, null, CaptureErrorKind.None);

    /// <summary>This running capture, holding <paramref name="registration"/> (released after the capture) too.</summary>
    public CaptureLease Holding(IDisposable? registration) =>
        registration is null || Session is null ? this : new(Session, null, CaptureErrorKind.None, registration);

    /// <summary>Every capture that does not start passes here, so this is where its reason is counted.</summary>
    public static CaptureLease Failed(CaptureErrorKind kind, string error)
    {
        PacketflixMetrics.CaptureError(kind);
        return new(null, error, kind);
    }

    public async ValueTask DisposeAsync()
    {
        if (Session is not null)
        {
            await Session.DisposeAsync();
        }

        _registration?.Dispose();
    }
}
