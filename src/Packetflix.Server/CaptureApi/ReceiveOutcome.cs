using System.Net.WebSockets;

namespace Packetflix.Server.CaptureApi;

/// <summary>How the client's side ended: a close frame (with its code, if any), a broken connection, or a data
/// message over the client message limit (<c>--max-client-message</c>), which we answer with 1009. When a frame
/// header announced too much (<see cref="ClientFrameGuard"/>), <paramref name="Pending"/> is the receive still
/// outstanding on the socket (it never faults); it must end before the socket is read again.</summary>
internal readonly record struct ReceiveOutcome(bool CloseReceived, WebSocketCloseStatus? Status, bool TooBig = false, Task? Pending = null);
