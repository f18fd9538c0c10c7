using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Client;

/// <summary>
/// One capture over <c>/capture</c>: dial with query and <c>Clustershark-*</c> headers, pass every binary message through
/// the client-side SHB editor into the sink, and end like csharg (docs/protocol.md §15): on stop, close <c>1000 "ciao"</c> and wait up
/// to 10 s for the server's close; when the server closes first, echo its code.
/// </summary>
internal sealed class CaptureConnection
{
    /// <summary>csharg's handshake timeout.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop waits for the server's close frame before dropping the connection (docs/protocol.md §15).</summary>
    public static readonly TimeSpan ClosingDeadline = TimeSpan.FromSeconds(10);

    private readonly HostUrl _host;
    private readonly CaptureRequest _request;
    private readonly ConnectionOptions _options;
    private readonly ICaptureSink _sink;
    private readonly StopController _stop;
    private int _closeSent;

    public CaptureConnection(HostUrl host, CaptureRequest request, ConnectionOptions options, ICaptureSink sink, StopController stop)
    {
        _host = host;
        _request = request;
        _options = options;
        _sink = sink;
        _stop = stop;
    }

    public Uri CaptureUri => _host.CaptureUri(GoQuery.Encode(_request.QueryValues()));

    /// <summary>Runs the capture; <paramref name="connected"/> is called once the server accepted it, so that a stop
    /// condition like <c>-a duration:S</c> counts from the capture's start, as dumpcap's does, not from a slow connect.</summary>
    public async Task<CaptureOutcome> RunAsync(Action? connected = null)
    {
        using var socket = CreateSocket();
        var check = new ServerCertificateCheck(_options);
        using var invoker = new HttpMessageInvoker(ClientHandler.Create(_host, CaptureUri, _options, check, HandshakeTimeout));
        var connectFailure = await ConnectAsync(socket, invoker, check);
        if (connectFailure is not null)
        {
            return connectFailure;
        }

        connected?.Invoke();

        if (_stop.Stopping.IsCancellationRequested && _stop.Aborting.IsCancellationRequested)
        {
            socket.Abort();
            return new CaptureOutcome(CaptureOutcomeKind.Aborted, _stop.AbortReason);
        }

        using var onAbort = _stop.Aborting.Register(socket.Abort);
        using var onStop = _stop.Stopping.Register(() => _ = SendCloseAsync(socket));
        return await ReceiveAsync(socket);
    }

    private ClientWebSocket CreateSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        // Upstream sends no pings and the server expects none (docs/protocol.md §8).
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        foreach (var (name, value) in _request.Headers())
        {
            socket.Options.SetRequestHeader(name, value);
        }

        if (_options.Token is { Length: > 0 } token)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        // Proxy, TLS checks and a unix socket are the invoker's handler's (ClientHandler), shared with discovery.
        return socket;
    }

    private async Task<CaptureOutcome?> ConnectAsync(ClientWebSocket socket, HttpMessageInvoker invoker, ServerCertificateCheck check)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Stopping);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            await socket.ConnectAsync(CaptureUri, invoker, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (_stop.Stopping.IsCancellationRequested)
        {
            return new CaptureOutcome(CaptureOutcomeKind.Stopped);
        }
        catch (OperationCanceledException)
        {
            return new CaptureOutcome(CaptureOutcomeKind.ConnectFailed,
                $"the Packetflix service at {_host} did not accept the capture within {HandshakeTimeout.TotalSeconds:0} s");
        }
        catch (WebSocketException) when (check.Failure is { } failure)
        {
            return new CaptureOutcome(CaptureOutcomeKind.ConnectFailed, $"{_host}: {failure}");
        }
        catch (WebSocketException ex)
        {
            return new CaptureOutcome(CaptureOutcomeKind.ConnectFailed, DescribeConnectFailure(socket.HttpStatusCode, ex));
        }
    }

    private string DescribeConnectFailure(HttpStatusCode status, WebSocketException ex) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            $"{_host}: authentication refused (HTTP {(int)status}); pass a valid token with --token or --token-file",
        HttpStatusCode.NotFound => $"{_host}: no capture endpoint here (HTTP 404); is this a Packetflix service?",
        0 => $"cannot reach the Packetflix service at {_host}: {Innermost(ex).Message}",
        _ => $"{_host}: capture request refused (HTTP {(int)status})",
    };

    private async Task<CaptureOutcome> ReceiveAsync(ClientWebSocket socket)
    {
        var editor = new ShbStreamEditor(_request.Comment(_host.NodeName));
        var edited = new ArrayBufferWriter<byte>(64 * 1024);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        return await OnServerCloseAsync(socket);
                    case WebSocketMessageType.Text:
                        _stop.RequestStop("text message");
                        await SendCloseAsync(socket, WebSocketCloseStatus.InvalidMessageType, "unexpected text message");
                        return new CaptureOutcome(CaptureOutcomeKind.ConnectionLost, "unexpected websocket text message received");
                    default:
                        break;
                }

                if (result.Count == 0)
                {
                    continue;
                }

                edited.ResetWrittenCount();
                editor.Process(buffer.AsSpan(0, result.Count), edited);
                if (_stop.Stopping.IsCancellationRequested)
                {
                    // After a stop no more packets are written, only the final statistics that end the stream
                    // (docs/api.md, "Stream"): the summary's drop counts come from them.
                    await _sink.WriteStatisticsOnlyAsync(edited.WrittenMemory, CancellationToken.None);
                    continue;
                }

                await _sink.WriteAsync(edited.WrittenMemory, CancellationToken.None);
                if (_sink.OutputBroken)
                {
                    _stop.RequestStop("output closed");
                }
                else if (_sink.LimitReached)
                {
                    _stop.RequestStop("packet count reached");
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (_stop.AbortReason is not null)
            {
                return new CaptureOutcome(CaptureOutcomeKind.Aborted, _stop.AbortReason);
            }

            if (_stop.Stopping.IsCancellationRequested)
            {
                return new CaptureOutcome(CaptureOutcomeKind.Stopped);
            }

            return new CaptureOutcome(CaptureOutcomeKind.ConnectionLost,
                $"connection to the Packetflix service at {_host} lost: {Innermost(ex).Message}");
        }
    }

    private async Task<CaptureOutcome> OnServerCloseAsync(ClientWebSocket socket)
    {
        var status = socket.CloseStatus ?? WebSocketCloseStatus.Empty;
        var reason = socket.CloseStatusDescription;

        // Like gorilla's default close handler: echo the server's code with an empty reason.
        await SendCloseAsync(socket, status == WebSocketCloseStatus.Empty ? WebSocketCloseStatus.NormalClosure : status, string.Empty);
        if (_stop.Stopping.IsCancellationRequested)
        {
            return new CaptureOutcome(CaptureOutcomeKind.Stopped);
        }

        if (status is WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.Empty)
        {
            return new CaptureOutcome(CaptureOutcomeKind.Completed, reason);
        }

        var text = string.IsNullOrEmpty(reason) ? $"capture ended by the server with close code {(int)status}" : reason;
        return new CaptureOutcome(CaptureOutcomeKind.ServerError, text);
    }

    private Task SendCloseAsync(ClientWebSocket socket) =>
        SendCloseAsync(socket, WebSocketCloseStatus.NormalClosure, "ciao");

    private async Task SendCloseAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closeSent, 1) != 0)
        {
            return;
        }

        // The closing deadline: the server has this long to answer our close before we drop the connection.
        _stop.AbortAfter(ClosingDeadline);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is already gone; the receive loop reports that.
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
