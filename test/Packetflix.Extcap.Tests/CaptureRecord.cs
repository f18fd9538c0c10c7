using System.Net.WebSockets;

namespace Packetflix.Extcap.Tests;

/// <summary>What the fake service saw of one capture request.</summary>
internal sealed class CaptureRecord(string query, IReadOnlyDictionary<string, string> headers)
{
    public string Query { get; } = query;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public WebSocketCloseStatus? ClientCloseStatus { get; set; }

    public string? ClientCloseReason { get; set; }

    public string? Error { get; set; }
}
