using Packetflix.Server.Hosting;

namespace Packetflix.Server.Auth;

/// <summary>The upgraded WebSocket stream, counting the bytes written to the client (frame headers included).</summary>
internal sealed class CountingStream(Stream inner, ByteCounter counter) : DelegatingStream(inner)
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Inner.Write(buffer);
        counter.Add(buffer.Length);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Inner.WriteAsync(buffer, cancellationToken);
        counter.Add(buffer.Length);
    }
}
