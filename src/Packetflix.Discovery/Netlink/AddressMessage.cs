namespace Packetflix.Discovery.Netlink;

/// <summary>One RTM_NEWADDR answer: interface index, family, address and prefix length (rtnetlink(7)).</summary>
internal sealed record AddressMessage(int Index, byte Family, byte PrefixLength, string Address);
