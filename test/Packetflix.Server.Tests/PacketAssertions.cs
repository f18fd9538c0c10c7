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

    /// <summary>Offsets where blocks start, walking the stream with Core's walker (pcapng §3.1); the stream must end
    /// on a block boundary.</summary>
    public static HashSet<long> BlockOffsets(byte[] stream)
    {
        var offsets = new HashSet<long>();
        var walker = new PcapngBlockWalker(stream);
        PcapngWalkStatus status;
        while (true)
        {
            var offset = walker.Consumed;
            status = walker.ReadNext(out _);
            if (status != PcapngWalkStatus.Block)
            {
                break;
            }

            offsets.Add(offset);
        }

        Assert.Equal(PcapngWalkStatus.End, status);
        return offsets;
    }
}
