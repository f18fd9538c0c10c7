using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// Sends a capture's data messages on the upgraded <c>/capture</c> stream, framed here (RFC 6455 §5.2) instead of by
/// the WebSocket: ManagedWebSocket copies every payload into its own send buffer to put the frame header in front of
/// it, one more copy of every captured byte for every session (docs/benchmarks.md, "Our own data frames"). Here the
/// header is written, then the pipe's memory as it is. The frames are the ones the WebSocket would send: one
/// unfragmented, unmasked binary frame per message, with the shortest length encoding. The WebSocket's own frames
/// (the final statistics, close, pong) go through <see cref="FrameSenderStream"/> and take the same lock, so frames
/// never interleave. Installed as a wrapper of the upgrade feature before the WebSocket middleware takes it, like
/// <see cref="ClientFrameGuard"/>; the endpoint finds it as a request feature.
/// </summary>
internal sealed class FrameSender : IDisposable
{
    /// <summary>§5.2: two bytes, then a 64-bit extended payload length; a server's frames carry no mask key.</summary>
    internal const int MaxHeaderBytes = 10;

    /// <summary>§5.2: FIN set, opcode %x2 (binary frame).</summary>
    private const byte FinalBinaryFrame = 0x82;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly byte[] _header = new byte[MaxHeaderBytes];
    private Stream? _stream;

    /// <summary>The upgraded stream under <see cref="FrameSenderStream"/>, where every frame is written.</summary>
    private Stream Upgraded => _stream ?? throw new InvalidOperationException("The connection was not upgraded.");

    /// <summary>Wraps the upgrade of a <c>/capture</c> request (<see cref="CaptureEndpoint.IsUpgrade"/>).</summary>
    public static void Install(HttpContext context)
    {
        var sender = new FrameSender();
        context.Features.Set(sender);
        context.Response.RegisterForDispose(sender);
        var upgrade = context.Features.GetRequiredFeature<IHttpUpgradeFeature>();
        context.Features.Set<IHttpUpgradeFeature>(new WrappedUpgradeFeature(upgrade, stream =>
        {
            sender._stream = stream;
            return new FrameSenderStream(stream, sender);
        }));
    }

    /// <summary>Sends <paramref name="payload"/> as one binary message. Failures of the connection come back as
    /// <see cref="WebSocketException"/>, as they would from the WebSocket's own send.</summary>
    public async ValueTask SendBinaryAsync(ReadOnlySequence<byte> payload)
    {
        var stream = Upgraded;
        await _lock.WaitAsync();
        try
        {
            var headerLength = WriteHeader(_header, payload.Length);
            await stream.WriteAsync(_header.AsMemory(0, headerLength));
            foreach (var segment in payload)
            {
                await stream.WriteAsync(segment);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not WebSocketException)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Writes the header of a final, unmasked binary frame of <paramref name="payloadLength"/> bytes; returns
    /// its length. §5.2: lengths up to 125 fit the first length field, up to 65 535 take 126 and 16 bits, larger ones
    /// 127 and 64 bits (most significant bit 0), in network byte order; "the minimal number of bytes MUST be used".</summary>
    internal static int WriteHeader(Span<byte> header, long payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        header[0] = FinalBinaryFrame;
        if (payloadLength <= 125)
        {
            header[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payloadLength);
            return 4;
        }

        header[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payloadLength);
        return MaxHeaderBytes;
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Serialises a write of the WebSocket's with the data frames; called by <see cref="FrameSenderStream"/>.</summary>
    internal async ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var stream = Upgraded;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(frame, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }
}
