using System.Buffers.Binary;
using System.Text;
using Packetflix.Discovery.Netlink;

namespace Packetflix.Discovery.Tests.Netlink;

/// <summary>rtnetlink message parsing on hand-built buffers.</summary>
public sealed class RtnetlinkParserTests
{
    private static byte[] Attribute(ushort type, byte[] value)
    {
        var buffer = new byte[RtnetlinkParser.Align(4 + value.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(2), type);
        value.CopyTo(buffer, 4);
        return buffer;
    }

    private static byte[] Int(int value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        return buffer;
    }

    private static byte[] LinkPayload(int index, params byte[][] attributes)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), index);
        return [.. header, .. attributes.SelectMany(a => a)];
    }

    [Fact]
    public void ParseLink_VethWithNestedKind_AllFields()
    {
        var linkInfo = Attribute(NetlinkConstants.IflaInfoKind, Encoding.ASCII.GetBytes("veth\0"));
        var payload = LinkPayload(7,
            Attribute(NetlinkConstants.IflaIfname, Encoding.ASCII.GetBytes("eth0\0")),
            Attribute(NetlinkConstants.IflaAddress, [0x02, 0x42, 0xac, 0x11, 0x00, 0x02]),
            Attribute(NetlinkConstants.IflaMtu, Int(1500)),
            Attribute(NetlinkConstants.IflaLink, Int(9)),
            Attribute(NetlinkConstants.IflaMaster, Int(3)),
            Attribute(NetlinkConstants.IflaOperstate, [6]),
            Attribute(NetlinkConstants.IflaLinkNetnsid, Int(0)),
            Attribute(NetlinkConstants.IflaLinkinfo | 0x8000, linkInfo));

        var link = RtnetlinkParser.ParseLink(payload);

        Assert.Equal(new LinkMessage(7, "eth0", "veth", 6, "02:42:ac:11:00:02", 1500, 3, 9, 0), link);
    }

    [Fact]
    public void ParseLink_TruncatedAttributes_NoThrow()
    {
        var payload = LinkPayload(1, Attribute(NetlinkConstants.IflaIfname, Encoding.ASCII.GetBytes("lo\0")));
        var truncated = payload.Concat(new byte[] { 0xff, 0x00, 0x03 }).ToArray();
        Assert.Equal("lo", RtnetlinkParser.ParseLink(truncated)?.Name);
        Assert.Null(RtnetlinkParser.ParseLink(new byte[5]));
    }

    [Fact]
    public void ParseAddress_Ipv4LocalPreferred()
    {
        var header = new byte[8];
        header[0] = NetlinkConstants.AfInet;
        header[1] = 24;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 2);
        byte[] payload = [.. header, .. Attribute(NetlinkConstants.IfaAddress, [10, 0, 0, 9]), .. Attribute(NetlinkConstants.IfaLocal, [10, 0, 0, 1])];

        Assert.Equal(new AddressMessage(2, NetlinkConstants.AfInet, 24, "10.0.0.1"), RtnetlinkParser.ParseAddress(payload));
    }

    [Fact]
    public void Split_LengthBeyondBuffer_Stops()
    {
        var buffer = new byte[40];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, 20);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(20), 400);
        Assert.Single(RtnetlinkParser.Split(buffer));
    }
}
