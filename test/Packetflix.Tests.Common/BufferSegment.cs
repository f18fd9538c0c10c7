using System.Buffers;

namespace Packetflix.Tests.Common;

/// <summary>Builds multi-segment sequences, as a pipe hands them out, to split blocks anywhere.</summary>
public sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    private BufferSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary><paramref name="data"/> cut into segments at the given ascending offsets.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(data.Length).ToArray();
        var first = new BufferSegment(data.AsMemory(0, bounds[1]), 0);
        var last = first;
        for (var i = 1; i < bounds.Length - 1; i++)
        {
            var next = new BufferSegment(data.AsMemory(bounds[i], bounds[i + 1] - bounds[i]), bounds[i]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary><paramref name="data"/> with every byte in its own segment.</summary>
    public static ReadOnlySequence<byte> Bytewise(byte[] data) => Split(data, [.. Enumerable.Range(1, data.Length - 1)]);
}
