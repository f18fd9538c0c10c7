using System.IO.Pipelines;

namespace Packetflix.Server.Auth;

/// <summary>Passes everything to the response's own writer and counts what is advanced; holds no buffer itself,
/// so it costs no copy.</summary>
internal sealed class CountingPipeWriter : PipeWriter
{
    private readonly PipeWriter _inner;
    private readonly ByteCounter _counter;

    public CountingPipeWriter(PipeWriter inner, ByteCounter counter)
    {
        _inner = inner;
        _counter = counter;
    }

    public override void Advance(int bytes)
    {
        _counter.Add(bytes);
        _inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _inner.UnflushedBytes;
}
