namespace Packetflix.Discovery.Netlink;

/// <summary>One RTM_NEWLINK answer (rtnetlink(7)).</summary>
/// <param name="Index">ifi_index.</param>
/// <param name="Name">IFLA_IFNAME.</param>
/// <param name="Kind">IFLA_INFO_KIND, "" for physical devices and loopback.</param>
/// <param name="OperState">IFLA_OPERSTATE (RFC 2863 IF_OPER_*).</param>
/// <param name="Mac">IFLA_ADDRESS as lower-case colon hex, "" if none.</param>
/// <param name="Mtu">IFLA_MTU.</param>
/// <param name="Master">IFLA_MASTER, 0 if none.</param>
/// <param name="Link">IFLA_LINK; the kernel omits it when it equals the own index.</param>
/// <param name="LinkNetnsid">IFLA_LINK_NETNSID: the link's peer lives in the netns with this id, as seen from here.</param>
internal sealed record LinkMessage(int Index, string Name, string Kind, byte OperState, string Mac, int Mtu, int Master, int? Link, int? LinkNetnsid);
