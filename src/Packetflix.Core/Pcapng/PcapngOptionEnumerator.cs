namespace Packetflix.Core.Pcapng;

/// <summary>
/// Enumerates a block's options (draft-ietf-opsawg-pcapng §3.5: code 2, length 2, value padded to 32 bits) without
/// allocating. It stops at opt_endofopt or the end of the block; an option that runs past the block stops it too and
/// is reported in <see cref="Malformation"/>.
/// </summary>
public ref struct PcapngOptionEnumerator
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly int _end;
    private readonly uint _blockType;
    private readonly EndianReader _reader;
    private int _next;

    internal PcapngOptionEnumerator(ReadOnlySpan<byte> block, int start, uint blockType, EndianReader reader)
    {
        _block = block;
        _end = block.Length - 4;
        _next = start;
        _blockType = blockType;
        _reader = reader;
    }

    /// <summary>The option <see cref="MoveNext"/> moved to.</summary>
    public PcapngOptionView Current { get; private set; }

    /// <summary>Why the enumeration stopped early; <see cref="PcapngBlockError.None"/> when it did not.</summary>
    public PcapngMalformation Malformation { get; private set; }

    /// <summary>Lets <c>foreach</c> walk the options.</summary>
    public readonly PcapngOptionEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next option.</summary>
    public bool MoveNext()
    {
        if (_next + 4 > _end)
        {
            return false;
        }

        var code = _reader.UInt16(_block[_next..]);
        var length = _reader.UInt16(_block[(_next + 2)..]);
        if (code == PcapngConstants.OptEndOfOpt)
        {
            _next = _end;
            return false;
        }

        if (_next + 4 + length > _end)
        {
            Malformation = new(PcapngBlockError.OptionOverrun, _blockType, code, length);
            _next = _end;
            return false;
        }

        Current = new PcapngOptionView(code, _block.Slice(_next + 4, length), _next + 4);
        _next += 4 + PcapngConstants.Pad4(length);
        return true;
    }
}
