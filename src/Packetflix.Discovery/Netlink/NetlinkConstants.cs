namespace Packetflix.Discovery.Netlink;

/// <summary>Kernel constants from the uapi headers named in each comment (netlink(7), rtnetlink(7)).</summary>
internal static class NetlinkConstants
{
    // <linux/netlink.h>: struct nlmsghdr is 16 bytes; messages and attributes are 4-byte aligned (NLMSG_ALIGN, NLA_ALIGN).
    public const int HeaderLength = 16;
    public const int Alignment = 4;

    // <linux/netlink.h> message types and flags.
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort NlmFRequest = 0x1;
    public const ushort NlmFDump = 0x300; // NLM_F_ROOT | NLM_F_MATCH

    // <linux/rtnetlink.h> message types.
    public const ushort RtmNewLink = 16;
    public const ushort RtmGetLink = 18;
    public const ushort RtmNewAddr = 20;
    public const ushort RtmGetAddr = 22;
    public const ushort RtmNewRoute = 24;
    public const ushort RtmGetRoute = 26;
    public const ushort RtmNewNsid = 88;
    public const ushort RtmGetNsid = 90;

    // <linux/netlink.h>: NLA_F_NESTED and NLA_F_NET_BYTEORDER occupy the top bits of nla_type.
    public const ushort NlaTypeMask = 0x3fff;

    // Fixed headers after nlmsghdr: struct ifinfomsg (16 bytes), struct ifaddrmsg (8), struct rtgenmsg (1, padded to 4).
    public const int IfInfoMsgLength = 16;
    public const int IfAddrMsgLength = 8;
    public const int RtGenMsgLength = 4;

    // <linux/if_link.h> IFLA_* link attributes.
    public const ushort IflaAddress = 1;
    public const ushort IflaIfname = 3;
    public const ushort IflaMtu = 4;
    public const ushort IflaLink = 5;
    public const ushort IflaMaster = 10;
    public const ushort IflaOperstate = 16;
    public const ushort IflaLinkinfo = 18;
    public const ushort IflaLinkNetnsid = 37;

    // <linux/if_link.h> IFLA_INFO_* nested in IFLA_LINKINFO.
    public const ushort IflaInfoKind = 1;
    public const ushort IflaInfoData = 2;

    // <linux/if_link.h> IFLA_VXLAN_* nested in IFLA_INFO_DATA of a vxlan: IFLA_VXLAN_LINK is the underlay's ifindex.
    public const ushort IflaVxlanLink = 3;

    // <linux/if_addr.h> IFA_* address attributes.
    public const ushort IfaAddress = 1;
    public const ushort IfaLocal = 2;

    // <linux/net_namespace.h> NETNSA_* attributes.
    public const ushort NetnsaNsid = 1;
    public const ushort NetnsaFd = 3;

    // <sys/socket.h> address families.
    public const byte AfUnspec = 0;
    public const byte AfInet = 2;
    public const byte AfInet6 = 10;
}
