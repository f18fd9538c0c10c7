using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

/// <summary>Small pcapng streams for the reader and walker tests.</summary>
internal static class PcapngSamples
{
    /// <summary>Statistics written by <see cref="LittleEndianCapture"/>.</summary>
    public static readonly InterfaceStatistics Statistics = new()
    {
        InterfaceReceived = 2,
        InterfaceDropped = 1,
        OsDropped = 3,
        UserDelivered = 2,
        Comment = "counters",
    };

    // A big-endian section: SHB with comment "BE", IDB (Ethernet, if_name "en0"), one 5-byte EPB.
    private static readonly byte[] BigEndian = Convert.FromHexString(
        "0A0D0D0A" + "00000024" + "1A2B3C4D" + "0001" + "0000" + "FFFFFFFFFFFFFFFF"
        + "0001" + "0002" + "42450000" + "00000024"
        + "00000001" + "0000001C" + "0001" + "0000" + "0000FFFF" + "0002" + "0003" + "656E3000" + "0000001C"
        + "00000006" + "00000028" + "00000000" + "00000001" + "00000002" + "00000005" + "00000040"
        + "0102030405000000" + "00000028");

    /// <summary>A fresh copy of the big-endian section (SHB "BE", IDB "en0", EPB of 1..5), 112 bytes.</summary>
    public static byte[] BigEndianSection() => [.. BigEndian];

    /// <summary>SHB "LE", IDB "eth0", EPBs of 5 and 60 bytes on interface 0, ISB with <see cref="Statistics"/>.</summary>
    public static byte[] LittleEndianCapture()
    {
        var buffer = new ArrayBufferWriter<byte>();
        PcapngBlockWriter.WriteSectionHeader(buffer, "LE", "x86_64", "Linux", "tests");
        PcapngBlockWriter.WriteInterfaceDescription(buffer, 1, 262144, "eth0");
        PcapngBlockWriter.WriteEnhancedPacket(buffer, 0, 0x0000000100000002, [1, 2, 3, 4, 5], 64);
        PcapngBlockWriter.WriteEnhancedPacket(buffer, 0, 0x0000000100000003, Frame(60), 60);
        PcapngBlockWriter.WriteInterfaceStatistics(buffer, 0, 0x0000000100000004, Statistics);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A little-endian SHB and IDB followed by <paramref name="count"/> EPBs of <paramref name="size"/> bytes.</summary>
    public static byte[] Packets(int count, int size)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PcapngBlockWriter.WriteSectionHeader(buffer, null);
        PcapngBlockWriter.WriteInterfaceDescription(buffer, 1, 262144, "eth0");
        var frame = Frame(size);
        for (var i = 0; i < count; i++)
        {
            PcapngBlockWriter.WriteEnhancedPacket(buffer, 0, (ulong)i, frame, (uint)size);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Bytes 0, 1, 2, … of the given length.</summary>
    public static byte[] Frame(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)i)];

    /// <summary>A little-endian SHB without options, to put before hand-made blocks.</summary>
    public static byte[] LittleEndianHeader()
    {
        var buffer = new ArrayBufferWriter<byte>();
        PcapngBlockWriter.WriteSectionHeader(buffer, null);
        return buffer.WrittenSpan.ToArray();
    }
}
