using Packetflix.Discovery.Model;

namespace Packetflix.Discovery.Netlink;

/// <summary>
/// Finds the lower device of every interface that sits on one (<see cref="LinkMessage.LowerIndex"/>: a macvlan's or
/// ipvlan's parent, a vlan's real device, a tunnel's <c>dev</c>, a vxlan's underlay). Without IFLA_LINK_NETNSID the
/// lower device is in the same netns. With it (the device was moved to another netns, e.g. the macvlan of a Docker
/// macvlan network, which stays on the host's NIC), the id only means something from this netns, so it is resolved as
/// <see cref="PeerResolver"/> does for veths: the one other netns that has a device with that ifindex, and only
/// when several have one, the kernel is asked (RTM_GETNSID with NETNSA_FD) which of them carries that id.
/// </summary>
internal static class LowerDeviceResolver
{
    /// <summary>Maps (netns, ifindex) of every interface with a lower device to that device, where found.</summary>
    /// <param name="all">Links of every netns.</param>
    /// <param name="pathsOf">Paths that open a netns, for the RTM_GETNSID tie-break.</param>
    /// <param name="ownNetns">Our own netns (needs no thread switch).</param>
    public static async Task<Dictionary<(ulong Netns, int Index), InterfaceLink>> ResolveAsync(
        IReadOnlyDictionary<ulong, NetnsLinks> all, Func<ulong, IEnumerable<string>> pathsOf, ulong ownNetns)
    {
        var lowers = new Dictionary<(ulong, int), InterfaceLink>();

        // ifindex -> the devices with that index in any netns; built only when some lower device is elsewhere.
        Dictionary<int, List<(ulong Netns, LinkMessage Link)>>? byIndex = null;
        var ambiguous = new List<(ulong Netns, LinkMessage Link, List<(ulong Netns, LinkMessage Link)> Candidates)>();
        foreach (var (netns, links) in all)
        {
            foreach (var link in links.Links)
            {
                if (link.LowerIndex is not { } lower)
                {
                    continue;
                }

                if (link.LinkNetnsid is null)
                {
                    var local = links.Links.FirstOrDefault(l => l.Index == lower);
                    lowers[(netns, link.Index)] = new InterfaceLink(netns, lower, local?.Name);
                    continue;
                }

                byIndex ??= IndexAll(all);
                var candidates = byIndex.GetValueOrDefault(lower)?.Where(c => c.Netns != netns).ToList() ?? [];
                if (candidates.Count == 1)
                {
                    lowers[(netns, link.Index)] = new InterfaceLink(candidates[0].Netns, lower, candidates[0].Link.Name);
                }
                else if (candidates.Count > 1)
                {
                    ambiguous.Add((netns, link, candidates));
                }
            }
        }

        foreach (var (netns, link, match) in await NetnsIdMatcher.MatchAsync(ambiguous, pathsOf, ownNetns))
        {
            lowers[(netns, link.Index)] = new InterfaceLink(match.Netns, match.Link.Index, match.Link.Name);
        }

        return lowers;
    }

    private static Dictionary<int, List<(ulong Netns, LinkMessage Link)>> IndexAll(IReadOnlyDictionary<ulong, NetnsLinks> all)
    {
        var byIndex = new Dictionary<int, List<(ulong, LinkMessage)>>();
        foreach (var (netns, links) in all)
        {
            foreach (var link in links.Links)
            {
                if (!byIndex.TryGetValue(link.Index, out var list))
                {
                    byIndex[link.Index] = list = [];
                }

                list.Add((netns, link));
            }
        }

        return byIndex;
    }
}
