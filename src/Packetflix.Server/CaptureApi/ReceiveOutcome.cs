using System.Net.WebSockets;

namespace Packetflix.Server.CaptureApi;

/// <summary>How the client's side ended: a close frame (with its code, if any) or a broken connection.</summary>
internal readonly record struct ReceiveOutcome(bool CloseReceived, WebSocketCloseStatus? Status);
