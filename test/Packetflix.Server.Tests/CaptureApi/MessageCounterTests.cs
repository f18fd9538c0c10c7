using System.Buffers;
using Packetflix.Server.CaptureApi;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.CaptureApi;

/// <summary>The sender's one walk per message: the same cut as <see cref="CaptureEndpoint.NextMessage"/> and the same
/// counts as <see cref="DeliveredBlocks.Count"/>, however the blocks lie in the pipe's segments.</summary>
public sealed class MessageCounterTests
{
    [Fact]
    public void Next_SegmentsEndOnBlocks_EachSegmentAMessageAndEveryEpbCountedOnce()
    {
        var (data, ends, expected) = DeliveredBlocksTests.Blocks();
        int[] cuts = [.. ends.Where((_, i) => i % 4 == 3 && i < ends.Count - 1)];

        var (messages, packets, bytes) = Walk(BufferSegment.Split(data, cuts), (_, message, _) =>
            Assert.True(message.IsSingleSegment, "a message spans segments"));

        Assert.Equal(cuts.Length + 1, messages);
        Assert.Equal(expected.Packets, packets);
        Assert.Equal(expected.Bytes, bytes);
    }

    [Fact]
    public void Next_SegmentEndsInsideABlock_WholeBlocksAndTheSameCounts()
    {
        var (data, ends, expected) = DeliveredBlocksTests.Blocks();
        int[] cuts = [.. ends.Where((_, i) => i % 3 == 2 && i < ends.Count - 1).Select(e => e - 5)];

        var (_, packets, bytes) = Walk(BufferSegment.Split(data, cuts), (rest, message, end) =>
        {
            Assert.Equal(CaptureEndpoint.NextMessage(rest).Length, message.Length);
            Assert.Contains((int)end, ends);
        });

        Assert.Equal(expected.Packets, packets);
        Assert.Equal(expected.Bytes, bytes);
    }

    /// <summary>Cuts <paramref name="sequence"/> into messages, checking each (what was left, the message, the offset it
    /// ends at), and adds up their counts.</summary>
    private static (int Messages, long[] Packets, long[] Bytes) Walk(ReadOnlySequence<byte> sequence,
        Action<ReadOnlySequence<byte>, ReadOnlySequence<byte>, long> check)
    {
        var counter = new MessageCounter();
        var packets = new long[2];
        var bytes = new long[2];
        var messages = 0;
        long offset = 0;
        while (!sequence.IsEmpty)
        {
            var message = counter.Next(sequence, interfaceCount: 2);
            offset += message.Length;
            check(sequence, message, offset);
            Add(counter, packets, bytes);
            sequence = sequence.Slice(message.Length);
            messages++;
        }

        return (messages, packets, bytes);
    }

    private static void Add(MessageCounter counter, long[] packets, long[] bytes)
    {
        for (var i = 0; i < packets.Length; i++)
        {
            packets[i] += counter.Packets[i];
            bytes[i] += counter.Bytes[i];
        }
    }
}
