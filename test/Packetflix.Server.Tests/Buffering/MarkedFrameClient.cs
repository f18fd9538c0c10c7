using System.Net.Sockets;
using System.Net.WebSockets;
using Packetflix.Core.Pcapng;

namespace Packetflix.Server.Tests.Buffering;

/// <summary>A capture client that keeps no stream: it parses each message as it arrives and keeps only what a
/// buffering test needs (which marked frames arrived, duplicates, the last statistics block per interface), so
/// hundreds of MB of traffic cost the test nothing. It can stop reading (<see cref="Pause"/>) like a stalled client,
/// and its socket's receive buffer can be made small so that a pause reaches the server at once.</summary>
internal sealed class MarkedFrameClient : IAsyncDisposable
{
    private readonly ClientWebSocket _ws = new();
    private readonly HashSet<uint> _frames = [];
    private readonly Dictionary<uint, InterfaceStatistics> _statistics = [];
    private readonly Dictionary<uint, long> _packets = [];
    private readonly object _lock = new();
    private TaskCompletionSource _reading = NewGate(open: true);
    private HttpMessageInvoker? _invoker;
    private Task? _receiving;
    private int _interfaces;
    private long _duplicates;
    private long _others;

    /// <summary>Distinct marked frames received.</summary>
    public long Frames
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count;
            }
        }
    }

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Packets that are not marked frames (the capture filter should leave none).</summary>
    public long Others => Interlocked.Read(ref _others);

    public int Interfaces => Volatile.Read(ref _interfaces);

    public WebSocketCloseStatus? CloseStatus => _ws.CloseStatus;

    /// <summary>Connects; <paramref name="receiveBufferBytes"/> fixes the socket's receive buffer (SO_RCVBUF, set
    /// before connecting so the TCP window is scaled for it; socket(7): a set size is no longer tuned).</summary>
    public static async Task<MarkedFrameClient> ConnectAsync(Uri uri, int? receiveBufferBytes, CancellationToken ct)
    {
        var client = new MarkedFrameClient();
        client._invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (receiveBufferBytes is { } bytes)
                    {
                        socket.ReceiveBufferSize = bytes;
                    }

                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });
        await client._ws.ConnectAsync(uri, client._invoker, ct);
        client._receiving = client.ReceiveAsync();
        return client;
    }

    /// <summary>Stops reading after the message being read: the data then waits in the socket and the server.</summary>
    public void Pause()
    {
        lock (_lock)
        {
            if (_reading.Task.IsCompleted)
            {
                _reading = NewGate(open: false);
            }
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            _reading.TrySetResult();
        }
    }

    /// <summary>Packets of <paramref name="interfaceId"/> received (EPBs).</summary>
    public long Packets(uint interfaceId)
    {
        lock (_lock)
        {
            return _packets.GetValueOrDefault(interfaceId);
        }
    }

    /// <summary>The last statistics block of <paramref name="interfaceId"/>, if any arrived.</summary>
    public InterfaceStatistics? Statistics(uint interfaceId)
    {
        lock (_lock)
        {
            return _statistics.GetValueOrDefault(interfaceId);
        }
    }

    /// <summary>True when the connection ended (the server closed it or it broke).</summary>
    public bool Ended => _receiving!.IsCompleted;

    /// <summary>Normal stop, then waits for the server's close (after its final statistics blocks).</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        Resume();
        await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ciao", ct);
        await _receiving!.WaitAsync(ct);
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private async Task ReceiveAsync()
    {
        var message = new byte[2 * 1024 * 1024];
        var state = default(PcapngReaderState);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    Task gate;
                    lock (_lock)
                    {
                        gate = _reading.Task;
                    }

                    await gate;
                    if (length == message.Length)
                    {
                        Array.Resize(ref message, message.Length * 2);
                    }

                    result = await _ws.ReceiveAsync(message.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_ws.State == WebSocketState.CloseReceived)
                    {
                        await _ws.CloseOutputAsync(_ws.CloseStatus ?? WebSocketCloseStatus.Empty, null, CancellationToken.None);
                    }

                    return;
                }

                // The server sends whole blocks in each message.
                var offset = 0;
                while (offset < length && PcapngReader.TryReadBlock(message.AsMemory(offset, length - offset), ref state, out var block,
                    out var consumed))
                {
                    Count(block);
                    offset += consumed;
                }

                Assert.Equal(length, offset);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The server (or the test) broke the connection; tests look at what arrived.
        }
    }

    private void Count(PcapngBlock block)
    {
        switch (block)
        {
            case InterfaceDescriptionBlock:
                Interlocked.Increment(ref _interfaces);
                break;
            case EnhancedPacketBlock packet:
                lock (_lock)
                {
                    _packets[packet.InterfaceId] = _packets.GetValueOrDefault(packet.InterfaceId) + 1;
                    if (MarkedFrames.Number(packet) is not { } number)
                    {
                        _others++;
                    }
                    else if (!_frames.Add(number))
                    {
                        _duplicates++;
                    }
                }

                break;
            case InterfaceStatisticsBlock statistics:
                lock (_lock)
                {
                    _statistics[statistics.InterfaceId] = statistics.Statistics;
                }

                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Resume();
        _ws.Abort();
        if (_receiving is not null)
        {
            await _receiving;
        }

        _ws.Dispose();
        _invoker?.Dispose();
    }
}
