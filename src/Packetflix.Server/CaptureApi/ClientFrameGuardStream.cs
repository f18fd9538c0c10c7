using Packetflix.Server.Hosting;

namespace Packetflix.Server.CaptureApi;

/// <summary>The upgraded stream, passing every byte through unchanged while it follows the client's frame headers
/// (RFC 6455 §5.2: 2 bytes, then a 16- or 64-bit extended length, then the 4-byte mask key, then the payload).</summary>
internal sealed class ClientFrameGuardStream(Stream inner, ClientFrameGuard guard) : DelegatingStream(inner)
{
    private readonly byte[] _header = new byte[14];
    private int _headerBytes;
    private ulong _payloadLeft;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        Follow(buffer[..read]);
        return read;
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
