namespace Packetflix.Server.Hosting.Telemetry;

/// <summary>How a capture session's client receives its stream; the <c>client</c> label of the session metrics.</summary>
internal enum ClientKind
{
    /// <summary><c>GET /capture</c>, upgraded to a WebSocket (Wireshark's extcap, the web UI's live view).</summary>
    WebSocket,

    /// <summary><c>GET /capture.pcapng</c>, a pcapng file download.</summary>
    Download,
}
