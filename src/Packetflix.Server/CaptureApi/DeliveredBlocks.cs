using System.Buffers;
using System.Buffers.Binary;
using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>Reports to the capture what a sender handed to its client: the Enhanced Packet Blocks of one message,
/// per interface. Called only after the socket (or response body) accepted the message, so the session's
/// delivered counts, its final <c>isb_usrdeliv</c> and <c>/metrics</c> count exactly what the client got.</summary>
internal static class DeliveredBlocks
{
    /// <summary>Interfaces counted without a heap allocation; more than this is rare and still exact.</summary>
    private const int StackInterfaces = 16;

    /// <summary>pcapng §4.3: the interface id follows the block type and total length.</summary>
    private const int InterfaceIdOffset = 8;

    public static void Record(CaptureSession session, ReadOnlySequence<byte> message)
    {
        var count = session.InterfaceNames.Count;
        Span<long> packets = count <= StackInterfaces ? stackalloc long[StackInterfaces] : new long[count];
        Span<long> bytes = count <= StackInterfaces ? stackalloc long[StackInterfaces] : new long[count];
        long offset = 0;
        while (NextBlock(message, offset, out var type, out var length))
        {
            if (type == PcapngBlockHeader.EnhancedPacketBlockType && InterfaceId(message, offset) is var id && id < (uint)count)
            {
                packets[(int)id]++;
                bytes[(int)id] += length;
            }

            offset += length;
        }

        for (var i = 0; i < count; i++)
        {
            session.RecordDelivered((uint)i, packets[i], bytes[i]);
        }
    }

    /// <summary>The one place this class reads block framing; a shared block walker can replace it.</summary>
    private static bool NextBlock(ReadOnlySequence<byte> buffer, long offset, out uint type, out uint length) =>
        PcapngBlockHeader.TryRead(buffer, offset, out type, out length);

    private static uint InterfaceId(ReadOnlySequence<byte> buffer, long blockOffset)
    {
        Span<byte> id = stackalloc byte[4];
        buffer.Slice(blockOffset + InterfaceIdOffset, id.Length).CopyTo(id);
        return BinaryPrimitives.ReadUInt32LittleEndian(id);
    }
}
