namespace Packetflix.Server.Hosting.Telemetry;

/// <summary>One running capture session as the session metrics see it: active until disposed (once).</summary>
internal sealed class TrackedSession : IDisposable
{
    private readonly ClientKind _kind;
    private int _disposed;

    public TrackedSession(ClientKind kind)
    {
        _kind = kind;
        PacketflixMetrics.SessionStarted(kind);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            PacketflixMetrics.SessionEnded(_kind);
        }
    }
}
