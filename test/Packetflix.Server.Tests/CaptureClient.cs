using System.Net.WebSockets;
using Packetflix.Core.Pcapng;

namespace Packetflix.Server.Tests;

/// <summary>A ClientWebSocket that records the pcapng stream and how the server ended it.</summary>
internal sealed class CaptureClient : IAsyncDisposable
{
    private readonly ClientWebSocket _ws = new();
    private readonly MemoryStream _stream = new();
    private readonly object _lock = new();
    private Task? _receiving;
    private long _wholeMessagesLength;

    public int Messages { get; private set; }

    /// <summary>Stream offsets at which each binary message started.</summary>
    public List<long> MessageStarts { get; } = [];

    /// <summary>Text messages and empty binary messages both break upstream clients; counted so tests can assert zero.</summary>
    public int BadMessages { get; private set; }

    public WebSocketCloseStatus? CloseStatus => _ws.CloseStatus;

    public string? CloseReason => _ws.CloseStatusDescription;

    public WebSocket Socket => _ws;

    public static async Task<CaptureClient> ConnectAsync(Uri uri, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null, bool receive = true)
    {
        var client = new CaptureClient();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            client._ws.Options.SetRequestHeader(name, value);
        }

        await client._ws.ConnectAsync(uri, cancellationToken);
        if (receive)
        {
            client.StartReceiving();
        }

        return client;
    }

    /// <summary>Starts reading (for a client connected with <c>receive: false</c>, which stalls until then).</summary>
    public void StartReceiving() => _receiving ??= ReceiveAsync();

    public byte[] Bytes()
    {
        lock (_lock)
        {
            return _stream.ToArray();
        }
    }

    /// <summary>The blocks of the messages received whole: a message larger than the receive buffer arrives in
    /// parts, and its last block may still be incomplete while the rest is on its way.</summary>
    public IReadOnlyList<PcapngBlock> Blocks()
    {
        byte[] whole;
        lock (_lock)
        {
            whole = _stream.GetBuffer().AsSpan(0, (int)_wholeMessagesLength).ToArray();
        }

        return PcapngReader.ReadAll(whole);
    }

    /// <summary>Waits until the received stream satisfies a condition (whole blocks only, as the server sends).</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<PcapngBlock>, bool> condition, CancellationToken cancellationToken)
    {
        while (!condition(Blocks()))
        {
            if (_receiving!.IsCompleted)
            {
                throw new InvalidOperationException($"connection ended ({CloseStatus} \"{CloseReason}\") before the condition held");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Waits for the server to end the connection (its close frame, or a broken connection).</summary>
    public async Task WaitForServerCloseAsync(CancellationToken cancellationToken) => await _receiving!.WaitAsync(cancellationToken);

    /// <summary>Normal stop, like the extcap's "ciao", then waits for the server's echo.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ciao", cancellationToken);
        await _receiving!.WaitAsync(cancellationToken);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[256 * 1024];
        var messageStart = true;
        try
        {
            while (true)
            {
                var result = await _ws.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_ws.State == WebSocketState.CloseReceived)
                    {
                        await _ws.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.Empty, null, CancellationToken.None);
                    }

                    return;
                }

                if (result.MessageType == WebSocketMessageType.Text || (result.Count == 0 && result.EndOfMessage))
                {
                    BadMessages++;
                }

                lock (_lock)
                {
                    if (messageStart)
                    {
                        MessageStarts.Add(_stream.Length);
                    }

                    _stream.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        _wholeMessagesLength = _stream.Length;
                    }
                }

                messageStart = result.EndOfMessage;
                if (result.EndOfMessage)
                {
                    Messages++;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The server (or the test) broke the connection; tests look at CloseStatus.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ws.Abort();
        if (_receiving is not null)
        {
            await _receiving;
        }

        _ws.Dispose();
        await _stream.DisposeAsync();
    }
}
