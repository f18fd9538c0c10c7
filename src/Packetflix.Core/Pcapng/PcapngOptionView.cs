namespace Packetflix.Core.Pcapng;

/// <summary>One option of a block (draft-ietf-opsawg-pcapng §3.5) over the walked bytes, value without padding.</summary>
public readonly ref struct PcapngOptionView
{
    internal PcapngOptionView(ushort code, ReadOnlySpan<byte> value, int valueOffset)
    {
        Code = code;
        Value = value;
        ValueOffset = valueOffset;
    }

    /// <summary>The option code.</summary>
    public ushort Code { get; }

    /// <summary>The option value, without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Where the value starts in the block, to slice the same bytes out of a block's memory.</summary>
    public int ValueOffset { get; }
}
