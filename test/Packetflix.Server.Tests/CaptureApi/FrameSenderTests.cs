using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Packetflix.Server.CaptureApi;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.CaptureApi;

/// <summary>Our own data frames (RFC 6455 §5.2) are byte for byte what the WebSocket would send, and never interleave
/// with the WebSocket's own frames.</summary>
public sealed class FrameSenderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory(Timeout = 30_000)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(262_144)]
    public async Task SendBinaryAsync_AnyLengthInSegments_SameBytesAsTheWebSocket(int length)
    {
        var payload = new byte[length];
        Random.Shared.NextBytes(payload);
        var reference = new MemoryStream();
        var options = new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero };
        using (var ws = WebSocket.CreateFromStream(reference, options))
        {
            await ws.SendAsync(payload.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, Token).AsTask().WaitAsync(Deadline, Token);
        }

        var ours = new MemoryStream();
        var (sender, _) = await UpgradeAsync(ours);
        var sequence = length < 3 ? new ReadOnlySequence<byte>(payload) : BufferSegment.Split(payload, length / 3, 2 * length / 3);
        await sender.SendBinaryAsync(sequence).AsTask().WaitAsync(Deadline, Token);

        Assert.Equal(reference.ToArray(), ours.ToArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task SendBinaryAsync_WebSocketWritesMeanwhile_WholeFramesOneAfterTheOther()
    {
        var inner = new GatedStream();
        var (sender, upgraded) = await UpgradeAsync(inner);
        var data = new byte[300];
        Array.Fill(data, (byte)0xAA);

        var sending = sender.SendBinaryAsync(BufferSegment.Split(data, 100, 200)).AsTask();
        await inner.FirstWriteStarted.WaitAsync(Deadline, Token);
        // A write of the WebSocket's (a pong, the final statistics) while the data frame is half written.
        var other = upgraded.WriteAsync(new byte[] { 0x8A, 0x00 }, Token).AsTask();
        Assert.False(other.IsCompleted);
        inner.Open();
        await Task.WhenAll(sending, other).WaitAsync(Deadline, Token);

        var expected = new byte[] { 0x82, 126, 0x01, 0x2C }.Concat(data).Concat(new byte[] { 0x8A, 0x00 });
        Assert.Equal(expected, inner.Written.ToArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task SendBinaryAsync_StreamFails_WebSocketExceptionAndTheLockIsFree()
    {
        var inner = new FailingStream();
        var (sender, upgraded) = await UpgradeAsync(inner);

        var error = await Assert.ThrowsAsync<WebSocketException>(
            () => sender.SendBinaryAsync(new ReadOnlySequence<byte>(new byte[10])).AsTask().WaitAsync(Deadline, Token));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        await Assert.ThrowsAsync<InvalidOperationException>(() => upgraded.WriteAsync(new byte[2], Token).AsTask().WaitAsync(Deadline, Token));
    }

    [Fact]
    public void WriteHeader_LengthsAtEachBound_ShortestEncoding()
    {
        Span<byte> header = stackalloc byte[FrameSender.MaxHeaderBytes];
        Assert.Equal([0x82, 125], header[..FrameSender.WriteHeader(header, 125)].ToArray());
        Assert.Equal([0x82, 126, 0x00, 126], header[..FrameSender.WriteHeader(header, 126)].ToArray());
        Assert.Equal([0x82, 126, 0xFF, 0xFF], header[..FrameSender.WriteHeader(header, 65_535)].ToArray());
        Assert.Equal([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0], header[..FrameSender.WriteHeader(header, 65_536)].ToArray());
    }

    private static async Task<(FrameSender Sender, Stream Upgraded)> UpgradeAsync(Stream inner)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/capture";
        context.Features.Set<IHttpUpgradeFeature>(new FakeUpgrade(inner));
        FrameSender.Install(context);
        var upgraded = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
        return (context.Features.GetRequiredFeature<FrameSender>(), upgraded);
    }

    private sealed class FakeUpgrade(Stream stream) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => true;

        public Task<Stream> UpgradeAsync() => Task.FromResult(stream);
    }

    /// <summary>Holds the first write until <see cref="Open"/>, as a socket whose client does not read yet; later writes
    /// go through at once, so only the lock can keep them behind the first.</summary>
    private sealed class GatedStream : MemoryStream
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstWriteStarted => _started.Task;

        public MemoryStream Written { get; } = new();

        public void Open() => _open.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_started.TrySetResult())
            {
                await _open.Task.WaitAsync(cancellationToken);
            }

            Written.Write(buffer.Span);
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new InvalidOperationException("the connection is gone"));
    }
}
