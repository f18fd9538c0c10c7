using System.Buffers.Binary;

namespace Packetflix.Core.Pcapng;

/// <summary>Writes integers and options into a block in a given section byte order (draft-ietf-opsawg-pcapng §3).</summary>
internal readonly ref struct EndianWriter(Span<byte> span, bool bigEndian)
{
    private readonly Span<byte> _span = span;
    private readonly bool _bigEndian = bigEndian;

    public void UInt16(int offset, ushort value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_span[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_span[offset..], value);
        }
    }

    public void UInt32(int offset, uint value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_span[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_span[offset..], value);
        }
    }

    public void UInt64(int offset, ulong value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(_span[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_span[offset..], value);
        }
    }

    /// <summary>Writes code, length and value; the padding to 32 bits (§3.5) must already be zero.</summary>
    public int Option(int offset, ushort code, ReadOnlySpan<byte> value)
    {
        UInt16(offset, code);
        UInt16(offset + 2, (ushort)value.Length);
        value.CopyTo(_span[(offset + 4)..]);
        return offset + 4 + PcapngConstants.Pad4(value.Length);
    }
}
