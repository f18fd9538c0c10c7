namespace Packetflix.Discovery.Netlink;

/// <summary>What rtnetlink reported inside one netns.</summary>
internal sealed record NetnsLinks(ulong Inode, IReadOnlyList<LinkMessage> Links, IReadOnlyList<AddressMessage> Addresses)
{
    /// <summary>Its routes (RTM_GETROUTE); empty when the dump failed.</summary>
    public IReadOnlyList<RouteMessage> Routes { get; init; } = [];
}
