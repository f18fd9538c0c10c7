using Packetflix.Capture;
using Packetflix.Server.CaptureApi;

namespace Packetflix.Server.Auth;

/// <summary>What one capture request did, filled in as it goes (a request feature) and logged when it ends.</summary>
internal sealed class CaptureAuditRecord
{
    public CaptureAuditRecord(Caller caller, DateTimeOffset start, ByteCounter bytes)
    {
        Caller = caller;
        Start = start;
        Bytes = bytes;
    }

    public Caller Caller { get; }

    public DateTimeOffset Start { get; }

    public ByteCounter Bytes { get; }

    public string? Session { get; set; }

    /// <summary>Every target admitted for the request, in order (one, or several for a multi-target capture).</summary>
    public List<ResolvedCapture> Captures { get; } = [];

    public CaptureSession? Running { get; set; }

    public string? Refusal { get; set; }
}
