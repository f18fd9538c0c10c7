using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// Writes pcapng blocks (draft-ietf-opsawg-pcapng) in little-endian byte order, which is the host order of
/// every platform we ship on (x86_64, arm64); readers detect the order from the SHB's byte-order magic.
/// Each block is written with one <see cref="IBufferWriter{T}.GetSpan"/> and one
/// <see cref="IBufferWriter{T}.Advance"/>, so the per-packet path does not allocate.
/// </summary>
public static class PcapngBlockWriter
{
    // §3.5: an option's length field is 16 bits.
    private const int MaxOptionLength = ushort.MaxValue;

    /// <summary>
    /// Writes a Section Header Block (§4.1), version 1.0, with an unknown section length (-1) and the
    /// options opt_comment, shb_hardware, shb_os and shb_userappl where given.
    /// </summary>
    public static void WriteSectionHeader(
        IBufferWriter<byte> writer,
        string? comment,
        string? hardware = null,
        string? os = null,
        string? userApplication = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var optionsLength = StringOptionLength(comment) + StringOptionLength(hardware)
            + StringOptionLength(os) + StringOptionLength(userApplication);
        if (optionsLength > 0)
        {
            optionsLength += 4; // opt_endofopt
        }

        // §4.1: framing (12) + byte-order magic (4) + major/minor (4) + section length (8).
        var total = PcapngConstants.MinimumSectionHeaderLength + optionsLength;
        var span = writer.GetSpan(total);
        var pos = WriteHeader(span, PcapngConstants.SectionHeaderBlockType, total);
        BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], PcapngConstants.ByteOrderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 4)..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 6)..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(span[(pos + 8)..], PcapngConstants.UnknownSectionLength);
        pos += 16;
        pos = WriteStringOption(span, pos, PcapngConstants.OptComment, comment);
        pos = WriteStringOption(span, pos, PcapngConstants.ShbHardware, hardware);
        pos = WriteStringOption(span, pos, PcapngConstants.ShbOs, os);
        pos = WriteStringOption(span, pos, PcapngConstants.ShbUserApplication, userApplication);
        if (optionsLength > 0)
        {
            pos = WriteEndOfOptions(span, pos);
        }

        Finish(writer, span, pos, total);
    }

    /// <summary>
    /// Writes an Interface Description Block (§4.2) with if_name, if_description (if given), if_tsresol and
    /// if_filter (if given).
    /// <paramref name="timestampResolution"/> is the if_tsresol exponent of ten; 9 means nanoseconds.
    /// </summary>
    public static void WriteInterfaceDescription(
        IBufferWriter<byte> writer,
        ushort linkType,
        uint snapLength,
        string name,
        string? description = null,
        string? filter = null,
        byte timestampResolution = 9)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(name);
        var filterLength = filter is null ? 0 : CheckedUtf8Length(filter) + 1;
        if (filterLength > MaxOptionLength)
        {
            throw new ArgumentException("The filter is too long for a pcapng option.", nameof(filter));
        }

        var optionsLength = StringOptionLength(name) + StringOptionLength(description)
            + 8 // if_tsresol: 4 bytes header, 1 byte value, 3 bytes padding
            + (filter is null ? 0 : 4 + PcapngConstants.Pad4(filterLength))
            + 4; // opt_endofopt

        // §4.2: framing (12) + link type (2) + reserved (2) + snap length (4).
        var total = PcapngConstants.BlockOverhead + 8 + optionsLength;
        var span = writer.GetSpan(total);
        var pos = WriteHeader(span, PcapngConstants.InterfaceDescriptionBlockType, total);
        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], linkType);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 2)..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 4)..], snapLength);
        pos += 8;
        pos = WriteStringOption(span, pos, PcapngConstants.IfName, name);
        pos = WriteStringOption(span, pos, PcapngConstants.IfDescription, description);
        pos = WriteOptionHeader(span, pos, PcapngConstants.IfTsResol, 1);
        span[pos] = timestampResolution;
        span.Slice(pos + 1, 3).Clear();
        pos += 4;
        if (filter is not null)
        {
            pos = WriteOptionHeader(span, pos, PcapngConstants.IfFilter, filterLength);
            // §4.2 if_filter: the first byte selects the filter kind; 0 is a libpcap filter string.
            span[pos] = 0;
            Encoding.UTF8.GetBytes(filter, span[(pos + 1)..]);
            pos = ClearPadding(span, pos, filterLength);
        }

        pos = WriteEndOfOptions(span, pos);
        Finish(writer, span, pos, total);
    }

    /// <summary>
    /// Writes an Enhanced Packet Block (§4.3) without options; <paramref name="timestamp"/> is in units of the
    /// interface's if_tsresol (nanoseconds for our IDBs).
    /// </summary>
    public static void WriteEnhancedPacket(
        IBufferWriter<byte> writer, uint interfaceId, ulong timestamp, ReadOnlySpan<byte> data, uint originalLength)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var total = EnhancedPacketBlockLength(data.Length);
        var span = writer.GetSpan(total);
        var pos = WriteHeader(span, PcapngConstants.EnhancedPacketBlockType, total);
        BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], interfaceId);
        WriteTimestamp(span[(pos + 4)..], timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 12)..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 16)..], originalLength);
        pos += 20;
        data.CopyTo(span[pos..]);
        pos = ClearPadding(span, pos, data.Length);
        Finish(writer, span, pos, total);
    }

    /// <summary>The total length of an option-less EPB carrying <paramref name="capturedLength"/> bytes.</summary>
    public static int EnhancedPacketBlockLength(int capturedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capturedLength);
        return PcapngConstants.EnhancedPacketFixedLength + PcapngConstants.Pad4(capturedLength);
    }

    /// <summary>
    /// Writes an Interface Statistics Block (§4.6); only the non-null members of
    /// <paramref name="statistics"/> become options.
    /// </summary>
    public static void WriteInterfaceStatistics(
        IBufferWriter<byte> writer, uint interfaceId, ulong timestamp, InterfaceStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(statistics);
        var counters = new ulong?[]
        {
            statistics.StartTime, statistics.EndTime, statistics.InterfaceReceived, statistics.InterfaceDropped,
            statistics.FilterAccepted, statistics.OsDropped, statistics.UserDelivered,
        };
        var optionsLength = StringOptionLength(statistics.Comment);
        foreach (var counter in counters)
        {
            optionsLength += counter.HasValue ? 12 : 0;
        }

        if (optionsLength > 0)
        {
            optionsLength += 4; // opt_endofopt
        }

        // §4.6: framing (12) + interface id (4) + timestamp (8).
        var total = PcapngConstants.BlockOverhead + 12 + optionsLength;
        var span = writer.GetSpan(total);
        var pos = WriteHeader(span, PcapngConstants.InterfaceStatisticsBlockType, total);
        BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], interfaceId);
        WriteTimestamp(span[(pos + 4)..], timestamp);
        pos += 12;
        pos = WriteStringOption(span, pos, PcapngConstants.OptComment, statistics.Comment);
        for (var i = 0; i < counters.Length; i++)
        {
            if (counters[i] is not { } value)
            {
                continue;
            }

            // Codes isb_starttime (2) .. isb_usrdeliv (8) are consecutive (§4.6).
            var code = (ushort)(PcapngConstants.IsbStartTime + i);
            pos = WriteOptionHeader(span, pos, code, 8);
            if (code is PcapngConstants.IsbStartTime or PcapngConstants.IsbEndTime)
            {
                // §4.6: start and end time use the EPB timestamp layout, high 32 bits first.
                WriteTimestamp(span[pos..], value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span[pos..], value);
            }

            pos += 8;
        }

        if (optionsLength > 0)
        {
            pos = WriteEndOfOptions(span, pos);
        }

        Finish(writer, span, pos, total);
    }

    private static int WriteHeader(Span<byte> span, uint blockType, int total)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(span, blockType);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)total);
        return 8;
    }

    private static void Finish(IBufferWriter<byte> writer, Span<byte> span, int pos, int total)
    {
        // §3.1: the total length is repeated at the end so the file can be walked backwards.
        BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], (uint)total);
        writer.Advance(total);
    }

    private static void WriteTimestamp(Span<byte> span, ulong timestamp)
    {
        // §4.3: the 64-bit timestamp is stored as two 32-bit words, high word first.
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)(timestamp >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)timestamp);
    }

    private static int StringOptionLength(string? value) =>
        value is null ? 0 : 4 + PcapngConstants.Pad4(CheckedUtf8Length(value));

    private static int CheckedUtf8Length(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return length <= MaxOptionLength
            ? length
            : throw new ArgumentException("A string is too long for a pcapng option (max 65535 UTF-8 bytes).", nameof(value));
    }

    private static int WriteStringOption(Span<byte> span, int pos, ushort code, string? value)
    {
        if (value is null)
        {
            return pos;
        }

        var length = Encoding.UTF8.GetBytes(value, span[(pos + 4)..]);
        WriteOptionHeader(span, pos, code, length);
        return ClearPadding(span, pos + 4, length);
    }

    private static int WriteOptionHeader(Span<byte> span, int pos, ushort code, int length)
    {
        // §3.5: option code (16 bits), option length (16 bits), then the value padded to 32 bits.
        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], code);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 2)..], (ushort)length);
        return pos + 4;
    }

    private static int WriteEndOfOptions(Span<byte> span, int pos) =>
        WriteOptionHeader(span, pos, PcapngConstants.OptEndOfOpt, 0);

    private static int ClearPadding(Span<byte> span, int valueStart, int valueLength)
    {
        var padded = PcapngConstants.Pad4(valueLength);
        span.Slice(valueStart + valueLength, padded - valueLength).Clear();
        return valueStart + padded;
    }
}
