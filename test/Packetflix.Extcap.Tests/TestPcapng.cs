using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Tests;

/// <summary>Builds small pcapng streams like the service sends: SHB (with the server's YAML), IDB, EPBs.</summary>
internal static class TestPcapng
{
    public static byte[] Header(string serverNode = "server-node")
    {
        var writer = new ArrayBufferWriter<byte>();
        var comment = new CaptureTargetComment("web", "docker", serverNode).ToYaml();
        PcapngBlockWriter.WriteSectionHeader(writer, comment, userApplication: "fake packetflix");
        PcapngBlockWriter.WriteInterfaceDescription(writer, 1, 262144, "eth0");
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>An Ethernet frame carrying a UDP datagram, numbered by <paramref name="index"/>.</summary>
    public static byte[] Packet(int index)
    {
        var writer = new ArrayBufferWriter<byte>();
        var frame = new byte[60];
        frame[0] = 0x02;
        frame[6] = 0x02;
        frame[11] = 1;
        frame[12] = 0x08; // IPv4
        frame[14] = 0x45;
        frame[17] = 46; // total length
        frame[22] = 64;
        frame[23] = 17; // UDP
        frame[26] = 10;
        frame[29] = 1;
        frame[30] = 10;
        frame[33] = 2;
        frame[35] = 7;
        frame[37] = 7;
        frame[39] = 26;
        frame[42] = (byte)index;
        PcapngBlockWriter.WriteEnhancedPacket(writer, 0, (ulong)(1_700_000_000_000_000_000L + (index * 1_000_000L)), frame, 60);
        return writer.WrittenSpan.ToArray();
    }

    public static IReadOnlyList<PcapngBlock> Read(byte[] data) => PcapngReader.ReadAll(data);

    public static int CountPackets(byte[] data) => Read(data).Count(b => b is EnhancedPacketBlock);
}
