using System.Buffers;
using System.Buffers.Binary;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;

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
        // Read after the message was sent: an interface added by a rejoin was added before its IDB and EPBs were written.
        var count = session.InterfaceCount;
        Span<long> packets = count <= StackInterfaces ? stackalloc long[StackInterfaces] : new long[count];
        Span<long> bytes = count <= StackInterfaces ? stackalloc long[StackInterfaces] : new long[count];
        Count(message, packets[..count], bytes[..count]);
        session.RecordDelivered(packets[..count], bytes[..count]);
    }

    /// <summary>Adds the EPBs of <paramref name="message"/> (whole blocks) and their block bytes per interface id;
    /// ids beyond the spans are not counted.</summary>
    internal static void Count(ReadOnlySequence<byte> message, Span<long> packets, Span<long> bytes)
    {
        if (message.IsSingleSegment)
        {
            // The usual case: the sender cuts messages at a segment's end (CaptureEndpoint.NextMessage).
            CountWholeBlocks(message.FirstSpan, packets, bytes);
            return;
        }

        var blocks = PipeBlocks.Walk(message);
        while (blocks.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            if (block.Type == PcapngBlockTypes.EnhancedPacket)
            {
                Count(InterfaceId(block.Data), block.TotalLength, packets, bytes);
            }
        }
    }

    /// <summary>Adds the EPBs of the whole blocks at the start of <paramref name="span"/>; returns those blocks' length.</summary>
    internal static int CountWholeBlocks(ReadOnlySpan<byte> span, Span<long> packets, Span<long> bytes)
    {
        var walker = PipeBlocks.Walk(span);
        while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            if (block.Type == PcapngBlockTypes.EnhancedPacket)
            {
                Count(block.InterfaceId, block.TotalLength, packets, bytes);
            }
        }

        return walker.Consumed;
    }

    private static void Count(uint id, int length, Span<long> packets, Span<long> bytes)
    {
        if (id < (uint)packets.Length)
        {
            packets[(int)id]++;
            bytes[(int)id] += length;
        }
    }

    private static uint InterfaceId(ReadOnlySequence<byte> block)
    {
        Span<byte> id = stackalloc byte[4];
        block.Slice(InterfaceIdOffset, id.Length).CopyTo(id);
        return BinaryPrimitives.ReadUInt32LittleEndian(id);
    }
}
