using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Merge;

/// <summary>
/// Rewrites a little-endian Interface Description Block (draft-ietf-opsawg-pcapng §4.2) for the merged section: the
/// same link type, snap length and options, with <c>if_name</c> prefixed by the host (<c>&lt;host&gt;:&lt;if_name&gt;</c>,
/// e.g. <c>hostA:web/eth0</c>, <c>hostA:kind:web/eth0</c>), so Wireshark's <c>frame.interface_name</c> says where a
/// packet was seen (docs/clients.md, "Several hosts").
/// </summary>
internal static class InterfaceRenamer
{
    private const ushort IfName = 2;
    private const ushort IfTsResol = 9;
    private const ushort IfTsOffset = 14;

    /// <summary>The interface's timestamp unit and offset from its options (§4.2).</summary>
    public static InterfaceClock ReadClock(PcapngBlockView idb)
    {
        var clock = InterfaceClock.Default;
        foreach (var option in idb.Options)
        {
            if (option.Code == IfTsResol && option.Value.Length >= 1)
            {
                clock = clock with { Resolution = option.Value[0] };
            }
            else if (option.Code == IfTsOffset && option.Value.Length == 8)
            {
                clock = clock with { OffsetSeconds = BinaryPrimitives.ReadInt64LittleEndian(option.Value) };
            }
        }

        return clock;
    }

    /// <summary>The <c>if_name</c> of the block, or <paramref name="fallback"/> when it has none.</summary>
    public static string ReadName(PcapngBlockView idb, string fallback)
    {
        foreach (var option in idb.Options)
        {
            if (option.Code == IfName)
            {
                return Encoding.UTF8.GetString(option.Value).TrimEnd('\0');
            }
        }

        return fallback;
    }

    /// <summary>Writes the block with <c>if_name</c> = <paramref name="name"/> (first), its other options unchanged.</summary>
    public static void Write(PcapngBlockView idb, string name, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > ushort.MaxValue)
        {
            nameBytes = nameBytes[..ushort.MaxValue];
        }

        // §4.2: type and length (8), link type, reserved and snap length (8), options, opt_endofopt (4), length (4).
        var total = 16 + 4 + Pad4(nameBytes.Length) + 4 + 4;
        foreach (var option in idb.Options)
        {
            if (option.Code != IfName)
            {
                total += 4 + Pad4(option.Value.Length);
            }
        }

        var span = output.GetSpan(total)[..total];
        span.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(span, PcapngBlockTypes.InterfaceDescription);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)total);
        idb.Bytes[8..16].CopyTo(span[8..]);
        var at = WriteOption(span, 16, IfName, nameBytes);
        foreach (var option in idb.Options)
        {
            if (option.Code != IfName)
            {
                // The section is little-endian like ours, so option values are copied as they are.
                at = WriteOption(span, at, option.Code, option.Value);
            }
        }

        // opt_endofopt (code 0, length 0) is already zero; then the trailing block total length (§3.1).
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], (uint)total);
        output.Advance(total);
    }

    private static int WriteOption(Span<byte> span, int at, ushort code, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], code);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 2)..], (ushort)value.Length);
        value.CopyTo(span[(at + 4)..]);
        return at + 4 + Pad4(value.Length);
    }

    private static int Pad4(int length) => (length + 3) & ~3;
}
