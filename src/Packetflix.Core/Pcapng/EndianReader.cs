using System.Buffers.Binary;

namespace Packetflix.Core.Pcapng;

/// <summary>Reads integers in a section's byte order (draft-ietf-opsawg-pcapng §4.1, byte-order magic).</summary>
internal readonly record struct EndianReader(bool BigEndian)
{
    public ushort UInt16(ReadOnlySpan<byte> span) =>
        BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    public uint UInt32(ReadOnlySpan<byte> span) =>
        BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    public ulong UInt64(ReadOnlySpan<byte> span) =>
        BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);

    /// <summary>§4.3: a timestamp is two 32-bit words in section byte order, high word first.</summary>
    public ulong Timestamp(ReadOnlySpan<byte> span) => ((ulong)UInt32(span) << 32) | UInt32(span[4..]);
}
