using System.Buffers;
using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>One WebSocket sender's cutting of the pipe into messages and counting of what each delivers, in one walk
/// over the message's blocks. In the usual case the message is the buffer's first segment, which holds whole blocks
/// only (CaptureEndpoint.NextMessage): checking that and counting its Enhanced Packet Blocks used to be two walks,
/// about 9 % of the service's CPU samples with four sessions at 60-byte frames (docs/benchmarks.md).</summary>
internal sealed class MessageCounter
{
    private long[] _packets = new long[16];
    private long[] _bytes = new long[16];
    private int _interfaces;

    /// <summary>The next message of <paramref name="buffer"/>, its blocks counted per interface for
    /// <see cref="Record"/>. <paramref name="interfaceCount"/> is read after the buffer was: an interface is added
    /// before its IDB and EPBs are written, so it covers every interface id in the buffer.</summary>
    public ReadOnlySequence<byte> Next(ReadOnlySequence<byte> buffer, int interfaceCount)
    {
        Reset(interfaceCount);
        var first = buffer.First;
        if (first.Length > 0 && first.Length <= CaptureEndpoint.MaxMessageBytes
            && DeliveredBlocks.CountWholeBlocks(first.Span, _packets.AsSpan(0, _interfaces), _bytes.AsSpan(0, _interfaces)) == first.Length)
        {
            return new ReadOnlySequence<byte>(first);
        }

        Reset(interfaceCount);
        var message = CaptureEndpoint.NextMessage(buffer);
        DeliveredBlocks.Count(message, _packets.AsSpan(0, _interfaces), _bytes.AsSpan(0, _interfaces));
        return message;
    }

    /// <summary>The last message's Enhanced Packet Blocks per interface id.</summary>
    public ReadOnlySpan<long> Packets => _packets.AsSpan(0, _interfaces);

    /// <summary>The bytes of those blocks per interface id.</summary>
    public ReadOnlySpan<long> Bytes => _bytes.AsSpan(0, _interfaces);

    /// <summary>Tells the session that the last message from <see cref="Next"/> was handed over.</summary>
    public void Record(CaptureSession session) => session.RecordDelivered(Packets, Bytes);

    private void Reset(int interfaceCount)
    {
        if (interfaceCount > _packets.Length)
        {
            _packets = new long[interfaceCount];
            _bytes = new long[interfaceCount];
        }

        _interfaces = interfaceCount;
        _packets.AsSpan(0, interfaceCount).Clear();
        _bytes.AsSpan(0, interfaceCount).Clear();
    }
}
