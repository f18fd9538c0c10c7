namespace Packetflix.Core.Pcapng;

/// <summary>
/// Walks the pcapng blocks of a span without copying or allocating (draft-ietf-opsawg-pcapng §3.1): each block comes
/// back as a <see cref="PcapngBlockView"/> over the caller's bytes. Sections may change byte order (§4.1); block types
/// it does not know are handed over whole, so the caller can skip them as §3.1 asks.
/// </summary>
/// <remarks>
/// An incomplete block (<see cref="PcapngWalkStatus.NeedMoreData"/>) and a malformed one
/// (<see cref="PcapngWalkStatus.Malformed"/>, details in <see cref="Malformation"/>) leave the walker where it was, so a
/// streaming caller keeps the unread bytes, appends more and walks again from <see cref="State"/>.
/// </remarks>
public ref struct PcapngBlockWalker
{
    private readonly ReadOnlySpan<byte> _data;
    private PcapngReaderState _state;
    private int _consumed;
    private PcapngMalformation _malformation;

    /// <param name="data">The bytes to walk, starting at a block boundary.</param>
    /// <param name="state">The section the data starts in; <see langword="default"/> when it starts with an SHB.</param>
    public PcapngBlockWalker(ReadOnlySpan<byte> data, PcapngReaderState state = default)
    {
        _data = data;
        _state = state;
    }

    /// <summary>Bytes of whole blocks walked so far.</summary>
    public readonly int Consumed => _consumed;

    /// <summary>The bytes not walked yet.</summary>
    public readonly ReadOnlySpan<byte> Remaining => _data[_consumed..];

    /// <summary>The section after the blocks walked so far; pass it on to walk the bytes that follow.</summary>
    public readonly PcapngReaderState State => _state;

    /// <summary>What is wrong after <see cref="ReadNext"/> returned <see cref="PcapngWalkStatus.Malformed"/>.</summary>
    public readonly PcapngMalformation Malformation => _malformation;

    /// <summary>Reads the next block; on <see cref="PcapngWalkStatus.Block"/> the walker moves past it.</summary>
    public PcapngWalkStatus ReadNext(out PcapngBlockView block)
    {
        block = default;
        var rest = _data[_consumed..];
        var head = rest[..Math.Min(rest.Length, PcapngFraming.HeadLength)];
        var status = PcapngFraming.ReadHeader(head, rest.Length, _state, out var frame, out _malformation);
        if (status != PcapngWalkStatus.Block)
        {
            return status;
        }

        var bytes = rest[..frame.Length];
        if (!PcapngFraming.Check(head, frame.Reader.UInt32(bytes[^4..]), frame, out _malformation))
        {
            return PcapngWalkStatus.Malformed;
        }

        _state = PcapngFraming.After(_state, frame);
        _consumed += frame.Length;
        block = new PcapngBlockView(bytes, frame.Type, frame.BigEndian);
        return PcapngWalkStatus.Block;
    }
}
