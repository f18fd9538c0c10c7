using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// One well-framed pcapng block over the walked bytes, read in its section's byte order; nothing is copied. The
/// walkers have checked the framing (§3.1) and the fixed part of the types below, so their accessors stay inside
/// the block. An accessor of another block type throws <see cref="InvalidOperationException"/>.
/// </summary>
public readonly ref struct PcapngBlockView
{
    // Offsets from the start of the block (draft-ietf-opsawg-pcapng): 8 bytes of type and length come first.
    internal const int SectionHeaderOptionsOffset = 24; // §4.1: magic 4, major 2, minor 2, section length 8
    internal const int InterfaceDescriptionOptionsOffset = 16; // §4.2: link type 2, reserved 2, snap length 4
    internal const int CapturedLengthOffset = 20; // §4.3: interface id 4, timestamp 8, captured 4, original 4
    internal const int PacketDataOffset = 28;
    internal const int InterfaceStatisticsOptionsOffset = 20; // §4.6: interface id 4, timestamp 8

    private readonly EndianReader _reader;

    internal PcapngBlockView(ReadOnlySpan<byte> bytes, uint type, bool bigEndian)
    {
        Bytes = bytes;
        Type = type;
        _reader = new EndianReader(bigEndian);
    }

    /// <summary>The whole block, both block total length fields included (§3.1).</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The block type code (§3.1).</summary>
    public uint Type { get; }

    /// <summary>Whether the block's section is big-endian (§4.1 byte-order magic).</summary>
    public bool BigEndian => _reader.BigEndian;

    /// <summary>The block total length (§3.1).</summary>
    public int TotalLength => Bytes.Length;

    /// <summary>The block body: everything between the two block total length fields (§3.1).</summary>
    public ReadOnlySpan<byte> Body => Bytes[8..^4];

    /// <summary>§4.1 major version.</summary>
    public ushort MajorVersion => _reader.UInt16(Field(PcapngConstants.SectionHeaderBlockType, 12));

    /// <summary>§4.1 minor version.</summary>
    public ushort MinorVersion => _reader.UInt16(Field(PcapngConstants.SectionHeaderBlockType, 14));

    /// <summary>§4.1 section length, -1 when not specified.</summary>
    public long SectionLength => (long)_reader.UInt64(Field(PcapngConstants.SectionHeaderBlockType, 16));

    /// <summary>§4.2 link type.</summary>
    public ushort LinkType => _reader.UInt16(Field(PcapngConstants.InterfaceDescriptionBlockType, 8));

    /// <summary>§4.2 snap length; 0 means no limit.</summary>
    public uint SnapLength => _reader.UInt32(Field(PcapngConstants.InterfaceDescriptionBlockType, 12));

    /// <summary>Interface id of an EPB (§4.3) or ISB (§4.6).</summary>
    public uint InterfaceId => _reader.UInt32(PacketOrStatisticsField(8));

    /// <summary>Timestamp of an EPB (§4.3) or ISB (§4.6), in units of the interface's if_tsresol.</summary>
    public ulong Timestamp => _reader.Timestamp(PacketOrStatisticsField(12));

    /// <summary>§4.3 captured packet length.</summary>
    public uint CapturedLength => _reader.UInt32(Field(PcapngConstants.EnhancedPacketBlockType, CapturedLengthOffset));

    /// <summary>§4.3 original packet length.</summary>
    public uint OriginalLength => _reader.UInt32(Field(PcapngConstants.EnhancedPacketBlockType, 24));

    /// <summary>§4.3 packet data, without padding.</summary>
    public ReadOnlySpan<byte> PacketData => Bytes.Slice(PacketDataOffset, (int)CapturedLength);

    /// <summary>Where the options of this block start, or the trailer's offset when its type has none we know of.</summary>
    public int OptionsOffset => Type switch
    {
        PcapngConstants.SectionHeaderBlockType => SectionHeaderOptionsOffset,
        PcapngConstants.InterfaceDescriptionBlockType => InterfaceDescriptionOptionsOffset,
        PcapngConstants.EnhancedPacketBlockType => PacketDataOffset + PcapngConstants.Pad4((int)CapturedLength),
        PcapngConstants.InterfaceStatisticsBlockType => InterfaceStatisticsOptionsOffset,
        _ => Bytes.Length - 4,
    };

    /// <summary>The options of this block (§3.5), without allocating; empty for block types we do not know.</summary>
    public PcapngOptionEnumerator Options => new(Bytes, OptionsOffset, Type, _reader);

    /// <summary>Walks the options once to check that none runs past the block (§3.5).</summary>
    public bool HasWellFormedOptions(out PcapngMalformation malformation)
    {
        var options = Options;
        while (options.MoveNext())
        {
        }

        malformation = options.Malformation;
        return malformation.Error == PcapngBlockError.None;
    }

    /// <summary>The counters of an Interface Statistics Block (§4.6); allocates the result.</summary>
    /// <returns><see langword="false"/> when an option runs past the block or a counter is not 8 bytes long.</returns>
    public bool TryReadStatistics([NotNullWhen(true)] out InterfaceStatistics? statistics, out PcapngMalformation malformation)
    {
        _ = Field(PcapngConstants.InterfaceStatisticsBlockType, 0);
        statistics = null;
        malformation = default;
        var result = new InterfaceStatistics();
        var options = Options;
        while (options.MoveNext())
        {
            var option = options.Current;
            var value = option.Value;
            if (option.Code == PcapngConstants.OptComment)
            {
                result = result with { Comment = result.Comment ?? Encoding.UTF8.GetString(value) };
                continue;
            }

            if (option.Code is < PcapngConstants.IsbStartTime or > PcapngConstants.IsbUsrDeliv)
            {
                continue;
            }

            if (value.Length != 8)
            {
                malformation = new(PcapngBlockError.StatisticsOptionSize, Type, option.Code, value.Length);
                return false;
            }

            result = option.Code switch
            {
                PcapngConstants.IsbStartTime => result with { StartTime = _reader.Timestamp(value) },
                PcapngConstants.IsbEndTime => result with { EndTime = _reader.Timestamp(value) },
                PcapngConstants.IsbIfRecv => result with { InterfaceReceived = _reader.UInt64(value) },
                PcapngConstants.IsbIfDrop => result with { InterfaceDropped = _reader.UInt64(value) },
                PcapngConstants.IsbFilterAccept => result with { FilterAccepted = _reader.UInt64(value) },
                PcapngConstants.IsbOsDrop => result with { OsDropped = _reader.UInt64(value) },
                _ => result with { UserDelivered = _reader.UInt64(value) },
            };
        }

        malformation = options.Malformation;
        if (malformation.Error != PcapngBlockError.None)
        {
            return false;
        }

        statistics = result;
        return true;
    }

    private ReadOnlySpan<byte> Field(uint type, int offset) =>
        Type == type ? Bytes[offset..] : throw WrongType();

    private ReadOnlySpan<byte> PacketOrStatisticsField(int offset) =>
        Type is PcapngConstants.EnhancedPacketBlockType or PcapngConstants.InterfaceStatisticsBlockType
            ? Bytes[offset..]
            : throw WrongType();

    private InvalidOperationException WrongType() =>
        new(string.Create(CultureInfo.InvariantCulture, $"pcapng block type 0x{Type:X8} has no such field."));
}
