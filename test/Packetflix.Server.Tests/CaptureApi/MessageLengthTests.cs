using System.Buffers;
using Packetflix.Server.CaptureApi;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.CaptureApi;

/// <summary>How the pipe's bytes are cut into WebSocket messages: whole blocks only, no copy where a segment ends on a
/// block, at most 1 MiB otherwise.</summary>
public sealed class MessageLengthTests
{
    private const int Epbs = 900;

    [Fact]
    public void MessageLength_SingleSegment_AllOfIt()
    {
        var (data, _) = Blocks(10);
        Assert.Equal(data.Length, CaptureEndpoint.MessageLength(new ReadOnlySequence<byte>(data)));
    }

    [Fact]
    public void MessageLength_SegmentsEndOnBlocks_OneMessagePerSegment()
    {
        var (data, ends) = Blocks(Epbs);
        // Cut after every 40th block, as a pipe's 64 KiB segments fill with 1442-byte packets.
        int[] cuts = [.. ends.Where((_, i) => i % 40 == 39 && i < ends.Count - 1)];
        var sequence = BufferSegment.Split(data, cuts);

        var lengths = Messages(sequence);

        int[] bounds = [0, .. cuts, data.Length];
        Assert.Equal([.. bounds.Zip(bounds.Skip(1), (start, end) => (long)(end - start))], lengths);
    }

    [Fact]
    public void NextMessage_SegmentsEndOnBlocks_EachMessageIsOneSegment()
    {
        var (data, ends) = Blocks(Epbs);
        int[] cuts = [.. ends.Where((_, i) => i % 40 == 39 && i < ends.Count - 1)];
        var sequence = BufferSegment.Split(data, cuts);

        var messages = 0;
        while (!sequence.IsEmpty)
        {
            var message = CaptureEndpoint.NextMessage(sequence);
            // A two-segment message (the second empty) would be copied on the send path and walked slowly.
            Assert.True(message.IsSingleSegment, $"message {messages} spans segments");
            Assert.Equal(sequence.First.Length, message.Length);
            sequence = sequence.Slice(message.Length);
            messages++;
        }

        Assert.Equal(cuts.Length + 1, messages);
    }

    [Fact]
    public void MessageLength_SegmentEndsInsideABlock_WholeBlocksUpTo1MiB()
    {
        var (data, ends) = Blocks(Epbs);
        // Cuts in the middle of blocks: a writer that never did one GetSpan per block. Still whole blocks, in messages
        // of at most 1 MiB (then copied once into one frame).
        int[] cuts = [.. ends.Where((_, i) => i % 40 == 39 && i < ends.Count - 1).Select(e => e - 7)];
        var sequence = BufferSegment.Split(data, cuts);

        var lengths = Messages(sequence);

        Assert.Equal(data.Length, lengths.Sum());
        Assert.All(lengths, l => Assert.InRange(l, 1, 1024 * 1024));
        long offset = 0;
        foreach (var length in lengths)
        {
            offset += length;
            Assert.Contains((int)offset, ends);
        }

        Assert.True(lengths.Count >= 2, $"{data.Length} bytes in {lengths.Count} message(s)");
    }

    private static List<long> Messages(ReadOnlySequence<byte> sequence)
    {
        var lengths = new List<long>();
        while (!sequence.IsEmpty)
        {
            var length = CaptureEndpoint.MessageLength(sequence);
            lengths.Add(length);
            sequence = sequence.Slice(length);
        }

        return lengths;
    }

    private static (byte[] Data, List<int> Ends) Blocks(int packets) => TestSection.Blocks(packets, _ => 1442);
}
