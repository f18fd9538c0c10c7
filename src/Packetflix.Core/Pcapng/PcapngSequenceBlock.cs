using System.Buffers;

namespace Packetflix.Core.Pcapng;

/// <summary>A well-framed block found by <see cref="PcapngSequenceWalker"/>, as a slice of the walked sequence.</summary>
public readonly struct PcapngSequenceBlock
{
    internal PcapngSequenceBlock(ReadOnlySequence<byte> data, uint type, bool bigEndian)
    {
        Data = data;
        Type = type;
        BigEndian = bigEndian;
    }

    /// <summary>The whole block, both block total length fields included (§3.1).</summary>
    public ReadOnlySequence<byte> Data { get; }

    /// <summary>The block type code.</summary>
    public uint Type { get; }

    /// <summary>Whether the block's section is big-endian.</summary>
    public bool BigEndian { get; }

    /// <summary>The block total length.</summary>
    public int TotalLength => (int)Data.Length;

    /// <summary>A view of the block without copying, when it lies in one segment.</summary>
    public bool TryGetView(out PcapngBlockView view)
    {
        view = Data.IsSingleSegment ? new PcapngBlockView(Data.FirstSpan, Type, BigEndian) : default;
        return Data.IsSingleSegment;
    }

    /// <summary>A view of the block, copied into <paramref name="scratch"/> only when it spans segments.</summary>
    /// <exception cref="ArgumentException"><paramref name="scratch"/> is shorter than a block that needs copying.</exception>
    public PcapngBlockView GetView(Span<byte> scratch)
    {
        if (Data.IsSingleSegment)
        {
            return new PcapngBlockView(Data.FirstSpan, Type, BigEndian);
        }

        if (scratch.Length < TotalLength)
        {
            throw new ArgumentException($"The block needs {TotalLength} bytes of scratch space.", nameof(scratch));
        }

        Data.CopyTo(scratch);
        return new PcapngBlockView(scratch[..TotalLength], Type, BigEndian);
    }
}
