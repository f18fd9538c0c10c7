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
    public void ParseLink_MacvlanMovedToOtherNetns_LowerIndexFromLink()
    {
        var payload = LinkPayload(9,
            Attribute(NetlinkConstants.IflaIfname, Encoding.ASCII.GetBytes("mv0\0")),
            Attribute(NetlinkConstants.IflaLink, Int(2)),
            Attribute(NetlinkConstants.IflaLinkNetnsid, Int(1)),
            Attribute(NetlinkConstants.IflaLinkinfo | 0x8000, Attribute(NetlinkConstants.IflaInfoKind, Encoding.ASCII.GetBytes("macvlan\0"))));

        var link = RtnetlinkParser.ParseLink(payload);

        Assert.NotNull(link);
        Assert.Equal(("macvlan", (int?)2, (int?)1), (link.Kind, link.LowerIndex, link.LinkNetnsid));
    }

    [Fact]
    public void ParseLink_VxlanInfoDataBeforeKind_UnderlayFromVxlanLink()
    {
        // IFLA_INFO_DATA of a vxlan: IFLA_VXLAN_ID 42, IFLA_VXLAN_LINK 4 (the `dev` underlay); no IFLA_LINK.
        byte[] data = [.. Attribute(1, Int(42)), .. Attribute(NetlinkConstants.IflaVxlanLink, Int(4))];
        byte[] linkInfo = [.. Attribute(NetlinkConstants.IflaInfoData | 0x8000, data), .. Attribute(NetlinkConstants.IflaInfoKind, Encoding.ASCII.GetBytes("vxlan\0"))];
        var payload = LinkPayload(6,
            Attribute(NetlinkConstants.IflaIfname, Encoding.ASCII.GetBytes("vx0\0")),
            Attribute(NetlinkConstants.IflaLinkNetnsid, Int(0)),
            Attribute(NetlinkConstants.IflaLinkinfo | 0x8000, linkInfo));

        var link = RtnetlinkParser.ParseLink(payload);

        Assert.NotNull(link);
        Assert.Equal(("vxlan", (int?)4, (int?)4, (int?)null), (link.Kind, link.VxlanLink, link.LowerIndex, link.Link));
    }

    [Theory]
    [InlineData("veth", 9, null)]
    [InlineData("ipip", 0, null)]
    [InlineData("macvlan", 7, null)]
    [InlineData("ipvlan", 3, 3)]
    [InlineData("", 3, 3)]
    [InlineData("vxlan", 3, null)]
    public void LowerIndex_ByKind_OnlyNonVethWithAnotherDevice(string kind, int ifLink, int? expected)
    {
        // Index 7: IFLA_LINK equal to the own index means no lower device; a veth's IFLA_LINK is its peer; a vxlan's
        // IFLA_LINK is not where its underlay is reported.
        var link = new LinkMessage(7, "x", kind, 6, "", 1500, 0, ifLink, null);

        Assert.Equal(expected, link.LowerIndex);
    }

    [Theory]
    [InlineData("macvlan", 7)]
    [InlineData("vlan", 7)]
    [InlineData("geneve", null)]
    [InlineData("vxlan", null)]
    public void LowerIndex_OwnIndexWithLinkNetnsid_OnlyForKindsOnALowerDevice(string kind, int? expected)
    {
        // IFLA_LINK_NETNSID makes the kernel send IFLA_LINK even when it is the own index: for a macvlan that is its
        // lower device, which has the same ifindex in the other netns; a geneve or vxlan has no IFLA_LINK of its own.
        var link = new LinkMessage(7, "x", kind, 6, "", 1500, 0, 7, 0);

        Assert.Equal(expected, link.LowerIndex);
    }

    [Fact]
    public void ParseLink_VxlanDataOfOtherKind_NotReadAsUnderlay()
    {
        // Attribute 3 of a bridge's IFLA_INFO_DATA (IFLA_BR_MAX_AGE) is no underlay.
        byte[] linkInfo = [.. Attribute(NetlinkConstants.IflaInfoKind, Encoding.ASCII.GetBytes("bridge\0")), .. Attribute(NetlinkConstants.IflaInfoData | 0x8000, Attribute(3, Int(2000)))];
        var payload = LinkPayload(3, Attribute(NetlinkConstants.IflaIfname, Encoding.ASCII.GetBytes("br0\0")), Attribute(NetlinkConstants.IflaLinkinfo | 0x8000, linkInfo));

        var link = RtnetlinkParser.ParseLink(payload);

        Assert.NotNull(link);
        Assert.Equal(("bridge", (int?)null, (int?)null), (link.Kind, link.VxlanLink, link.LowerIndex));
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
