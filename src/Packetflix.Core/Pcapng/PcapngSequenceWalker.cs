using System.Buffers;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// Walks the pcapng blocks of a <see cref="ReadOnlySequence{T}"/> (a pipe's buffer) without copying or allocating:
/// each block comes back as a slice of the sequence, whichever segments it spans. Framing and results are those of
/// <see cref="PcapngBlockWalker"/> (draft-ietf-opsawg-pcapng §3.1, §4.1).
/// </summary>
/// <remarks>Not a ref struct, so that it can live across an await between reads of a pipe.</remarks>
public struct PcapngSequenceWalker
{
    private readonly ReadOnlySequence<byte> _data;
    private SequencePosition _position;
    private long _consumed;
    private PcapngReaderState _state;
    private PcapngMalformation _malformation;

    /// <param name="data">The bytes to walk, starting at a block boundary.</param>
    /// <param name="state">The section the data starts in; <see langword="default"/> when it starts with an SHB.</param>
    public PcapngSequenceWalker(ReadOnlySequence<byte> data, PcapngReaderState state = default)
    {
        _data = data;
        _position = data.Start;
        _state = state;
    }

    /// <summary>Bytes of whole blocks walked so far.</summary>
    public readonly long Consumed => _consumed;

    /// <summary>Where the first byte not walked yet is, for <c>PipeReader.AdvanceTo</c>.</summary>
    public readonly SequencePosition Position => _position;

    /// <summary>The section after the blocks walked so far.</summary>
    public readonly PcapngReaderState State => _state;

    /// <summary>What is wrong after <see cref="ReadNext"/> returned <see cref="PcapngWalkStatus.Malformed"/>.</summary>
    public readonly PcapngMalformation Malformation => _malformation;

    /// <summary>Reads the next block; on <see cref="PcapngWalkStatus.Block"/> the walker moves past it.</summary>
    public PcapngWalkStatus ReadNext(out PcapngSequenceBlock block)
    {
        block = default;
        var rest = _data.Slice(_position);
        Span<byte> copy = stackalloc byte[PcapngFraming.HeadLength];
        var head = Head(rest, copy);
        var status = PcapngFraming.ReadHeader(head, rest.Length, _state, out var frame, out _malformation);
        if (status != PcapngWalkStatus.Block)
        {
            return status;
        }

        var whole = rest.Slice(0, frame.Length);
        Span<byte> trailer = stackalloc byte[4];
        whole.Slice(frame.Length - 4).CopyTo(trailer);
        if (!PcapngFraming.Check(head, frame.Reader.UInt32(trailer), frame, out _malformation))
        {
            return PcapngWalkStatus.Malformed;
        }

        _state = PcapngFraming.After(_state, frame);
        _position = whole.End;
        _consumed += frame.Length;
        block = new PcapngSequenceBlock(whole, frame.Type, frame.BigEndian);
        return PcapngWalkStatus.Block;
    }

    /// <summary>The block's first bytes: straight from the first segment when they are all there, else copied.</summary>
    private static ReadOnlySpan<byte> Head(ReadOnlySequence<byte> rest, Span<byte> copy)
    {
        var length = (int)Math.Min(rest.Length, copy.Length);
        var first = rest.FirstSpan;
        if (first.Length >= length)
        {
            return first[..length];
        }

        rest.Slice(0, length).CopyTo(copy);
        return copy[..length];
    }
}
