namespace Packetflix.Discovery.Netlink;

/// <summary>One RTM_NEWLINK answer (rtnetlink(7)).</summary>
/// <param name="Index">ifi_index.</param>
/// <param name="Name">IFLA_IFNAME.</param>
/// <param name="Kind">IFLA_INFO_KIND, "" for physical devices and loopback.</param>
/// <param name="OperState">IFLA_OPERSTATE (RFC 2863 IF_OPER_*).</param>
/// <param name="Mac">IFLA_ADDRESS as lower-case colon hex, "" if none.</param>
/// <param name="Mtu">IFLA_MTU.</param>
/// <param name="Master">IFLA_MASTER, 0 if none.</param>
/// <param name="Link">IFLA_LINK; the kernel omits it when it equals the own index (unless IFLA_LINK_NETNSID is sent).</param>
/// <param name="LinkNetnsid">IFLA_LINK_NETNSID: the link's peer lives in the netns with this id, as seen from here.</param>
internal sealed record LinkMessage(int Index, string Name, string Kind, byte OperState, string Mac, int Mtu, int Master, int? Link, int? LinkNetnsid)
{
    /// <summary>IFLA_VXLAN_LINK in IFLA_INFO_DATA: the ifindex of a vxlan's underlay device (its <c>dev</c>), if given.
    /// A vxlan has no IFLA_LINK; its IFLA_LINK_NETNSID names the netns it was created in, where the underlay is.</summary>
    public int? VxlanLink { get; init; }

    /// <summary>
    /// The ifindex of the device this one sits on (macvlan/ipvlan/vlan lower device, tunnel <c>dev</c>, vxlan
    /// underlay), in this netns or, with <see cref="LinkNetnsid"/>, in that one; null when there is none. A veth's
    /// IFLA_LINK is its peer (see <see cref="PeerResolver"/>), not a lower device; IFLA_LINK 0 is a tunnel bound to
    /// no device (rtnetlink(7), iproute2 prints <c>@NONE</c>). A device with no lower device reports its own index,
    /// which the kernel leaves out, except next to IFLA_LINK_NETNSID, where current kernels always send IFLA_LINK (a
    /// moved vxlan shows as <c>vx0@if4</c> with its own index 4). So the own index counts only for the kinds that
    /// always sit on a lower device, whose lower device in another netns may well have the same index.
    /// </summary>
    public int? LowerIndex => Kind switch
    {
        "veth" => null,
        "vxlan" => VxlanLink is > 0 ? VxlanLink : null,
        "macvlan" or "macvtap" or "ipvlan" or "ipvtap" or "vlan" when Link is > 0 && (Link != Index || LinkNetnsid is not null) => Link,
        _ => Link is > 0 && Link != Index ? Link : null,
    };
}
