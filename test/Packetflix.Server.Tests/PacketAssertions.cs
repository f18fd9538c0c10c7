using System.Buffers.Binary;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests;

internal static class PacketAssertions
{
    /// <summary>Ethernet + IPv4 + ICMP echo request (RFC 792 type 8).</summary>
    public static bool IsIcmpEchoRequest(EnhancedPacketBlock packet)
    {
        var data = packet.Data.Span;
        return data.Length >= 14 + 20 + 1
            && BinaryPrimitives.ReadUInt16BigEndian(data[12..]) == 0x0800
            && data[14 + 9] == 1
            && data[14 + ((data[14] & 0x0f) * 4)] == 8;
    }

    public static IReadOnlyList<InterfaceDescriptionBlock> Interfaces(IReadOnlyList<PcapngBlock> blocks) =>
        [.. blocks.OfType<InterfaceDescriptionBlock>()];

    public static int EchoRequests(IReadOnlyList<PcapngBlock> blocks, uint interfaceId) =>
        blocks.OfType<EnhancedPacketBlock>().Count(p => p.InterfaceId == interfaceId && IsIcmpEchoRequest(p));

    public static string TargetJson(FakeContainer container, string name = "web", string interfaces = """["eth0","lo"]""") =>
        $$"""{"name":"{{name}}","type":"docker","netns":{{container.NetnsInode}},"network-interfaces":{{interfaces}},"prefix":"","pid":{{container.Pid}},"starttime":{{container.StartTime}}}""";

    public static string Query(string targetJson, string extra = "") =>
        "container=" + Uri.EscapeDataString(targetJson) + (extra.Length == 0 ? "" : "&" + extra);

    /// <summary>Offsets where blocks start, walking the little-endian block lengths (pcapng §3.1).</summary>
    public static HashSet<long> BlockOffsets(byte[] stream)
    {
        var offsets = new HashSet<long>();
        long offset = 0;
        while (offset + 12 <= stream.Length)
        {
            offsets.Add(offset);
            offset += BinaryPrimitives.ReadUInt32LittleEndian(stream.AsSpan((int)offset + 4));
        }

        Assert.Equal(stream.Length, offset);
        return offsets;
    }
}
