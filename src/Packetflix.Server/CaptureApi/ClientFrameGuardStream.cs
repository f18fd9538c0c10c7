namespace Packetflix.Server.CaptureApi;

/// <summary>The upgraded stream, passing every byte through unchanged while it follows the client's frame headers
/// (RFC 6455 §5.2: 2 bytes, then a 16- or 64-bit extended length, then the 4-byte mask key, then the payload).</summary>
internal sealed class ClientFrameGuardStream(Stream inner, ClientFrameGuard guard) : Stream
{
    private readonly byte[] _header = new byte[14];
    private int _headerBytes;
    private ulong _payloadLeft;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Follow(buffer.AsSpan(offset, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Follow(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, (ulong)data.Length);
                _payloadLeft -= (ulong)skip;
                data = data[skip..];
                continue;
            }

            _header[_headerBytes++] = data[0];
            data = data[1..];
            if (_headerBytes < 2)
            {
                continue;
            }

            var length7 = _header[1] & 0x7f;
            var extended = length7 switch { 126 => 2, 127 => 8, _ => 0 };
            var needed = 2 + extended + ((_header[1] & 0x80) != 0 ? 4 : 0);
            if (_headerBytes < needed)
            {
                continue;
            }

            ulong length = (ulong)length7;
            if (extended > 0)
            {
                length = 0;
                for (var i = 0; i < extended; i++)
                {
                    length = (length << 8) | _header[2 + i];
                }
            }

            guard.Announced(_header[0] & 0x0f, length);
            _payloadLeft = length;
            _headerBytes = 0;
        }
    }
}
