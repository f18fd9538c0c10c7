namespace Packetflix.Discovery.Netlink;

/// <summary>What rtnetlink reported inside one netns.</summary>
internal sealed record NetnsLinks(ulong Inode, IReadOnlyList<LinkMessage> Links, IReadOnlyList<AddressMessage> Addresses);
