using Packetflix.Server.Hosting;

namespace Packetflix.Server.CaptureApi;

/// <summary>The upgraded stream as the WebSocket sees it: reads pass through, and each write (the WebSocket writes
/// one whole frame per call) waits for <see cref="FrameSender"/>'s data frame in flight, so the two never
/// interleave on the wire.</summary>
internal sealed class FrameSenderStream(Stream inner, FrameSender sender) : DelegatingStream(inner)
{
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        sender.WriteAsync(buffer, cancellationToken);

    // Kestrel refuses synchronous writes on the upgraded stream, and the WebSocket never makes them.
    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();
}
