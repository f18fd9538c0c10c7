using Packetflix.Discovery.Netlink;

namespace Packetflix.Discovery.Model;

/// <summary>Turns the rtnetlink messages of one netns into <see cref="InterfaceInfo"/> records.</summary>
internal static class InterfaceBuilder
{
    public static List<InterfaceInfo> Build(
        NetnsLinks? links,
        IReadOnlyDictionary<(ulong Netns, int Index), InterfacePeer> peers,
        IReadOnlyDictionary<(ulong Netns, int Index), InterfaceLink> lowers)
    {
        if (links is null)
        {
            return [];
        }

        var byIndex = links.Links.GroupBy(l => l.Index).ToDictionary(g => g.Key, g => g.First());
        var addresses = links.Addresses.ToLookup(a => a.Index);
        return [.. links.Links.OrderBy(l => l.Index).Select(link => new InterfaceInfo(
            link.Name,
            link.Index,
            link.Kind,
            OperState(link.OperState),
            link.Mac,
            link.Mtu,
            link.Master != 0 && byIndex.TryGetValue(link.Master, out var master) ? new InterfaceRef(master.Name, master.Index) : null,
            peers.GetValueOrDefault((links.Inode, link.Index)),
            [.. Addresses(addresses[link.Index], NetlinkConstants.AfInet)],
            [.. Addresses(addresses[link.Index], NetlinkConstants.AfInet6)])
        {
            Link = lowers.GetValueOrDefault((links.Inode, link.Index)),
        })];
    }

    /// <summary>IF_OPER_* of &lt;linux/if.h&gt; (RFC 2863), named as iproute2 prints them.</summary>
    public static string OperState(byte value) => value switch
    {
        0 => "UNKNOWN",
        1 => "NOTPRESENT",
        2 => "DOWN",
        3 => "LOWERLAYERDOWN",
        4 => "TESTING",
        5 => "DORMANT",
        6 => "UP",
        _ => "UNKNOWN",
    };

    private static IEnumerable<InterfaceAddress> Addresses(IEnumerable<AddressMessage> addresses, byte family) =>
        addresses.Where(a => a.Family == family).Select(a => new InterfaceAddress(a.Address, a.PrefixLength));
}
