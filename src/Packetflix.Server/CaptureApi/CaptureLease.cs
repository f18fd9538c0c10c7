using System.Diagnostics.CodeAnalysis;
using Packetflix.Capture;
using Packetflix.Linux;

namespace Packetflix.Server.CaptureApi;

/// <summary>A running capture and the namespace fd it holds, or why it could not start. Disposing stops the
/// capture first and then closes the namespace.</summary>
internal sealed class CaptureLease : IAsyncDisposable
{
    private readonly NetnsHandle? _netns;

    private CaptureLease(CaptureSession? session, NetnsHandle? netns, string? error, CaptureErrorKind errorKind)
    {
        Session = session;
        _netns = netns;
        Error = error;
        ErrorKind = errorKind;
    }

    public CaptureSession? Session { get; }

    public string? Error { get; }

    public CaptureErrorKind ErrorKind { get; }

    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Started => Session is not null;

    public static CaptureLease Running(CaptureSession session, NetnsHandle netns) => new(session, netns, null, CaptureErrorKind.None);

    public static CaptureLease Failed(CaptureErrorKind kind, string error) => new(null, null, error, kind);

    public async ValueTask DisposeAsync()
    {
        if (Session is not null)
        {
            await Session.DisposeAsync();
        }

        _netns?.Dispose();
    }
}
