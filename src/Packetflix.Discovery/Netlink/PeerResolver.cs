using Packetflix.Discovery.Model;

namespace Packetflix.Discovery.Netlink;

/// <summary>
/// Finds the other end of every veth. A veth reports its peer's ifindex in IFLA_LINK (omitted by the kernel when it
/// equals the own ifindex) and, when the peer is in another netns, IFLA_LINK_NETNSID: an id that only means something
/// from this netns. So the peer is first looked up as the veth that points back (its index is our peer index and its
/// peer index is our index); only when several namespaces qualify is the kernel asked (RTM_GETNSID with NETNSA_FD)
/// which candidate carries that id. This keeps a discovery linear in the number of namespaces in the common case.
/// </summary>
internal static class PeerResolver
{
    /// <summary>Maps (netns, ifindex) of every veth to its peer, where found.</summary>
    /// <param name="all">Links of every netns.</param>
    /// <param name="pathsOf">Paths that open a netns, for the RTM_GETNSID tie-break.</param>
    /// <param name="ownNetns">Our own netns (needs no thread switch).</param>
    public static async Task<Dictionary<(ulong Netns, int Index), InterfacePeer>> ResolveAsync(
        IReadOnlyDictionary<ulong, NetnsLinks> all, Func<ulong, IEnumerable<string>> pathsOf, ulong ownNetns)
    {
        var peers = new Dictionary<(ulong, int), InterfacePeer>();

        // (ifindex, peer ifindex) -> veths that have a peer in another netns.
        var crossIndex = new Dictionary<(int, int), List<(ulong Netns, LinkMessage Link)>>();
        foreach (var (netns, links) in all)
        {
            foreach (var link in links.Links.Where(l => l.Kind == "veth" && l.LinkNetnsid is not null))
            {
                var key = (link.Index, link.Link ?? link.Index);
                if (!crossIndex.TryGetValue(key, out var list))
                {
                    crossIndex[key] = list = [];
                }

                list.Add((netns, link));
            }
        }

        var ambiguous = new List<(ulong Netns, LinkMessage Link, List<(ulong Netns, LinkMessage Link)> Candidates)>();
        foreach (var (netns, links) in all)
        {
            foreach (var link in links.Links.Where(l => l.Kind == "veth"))
            {
                var peerIndex = link.Link ?? link.Index;
                if (link.LinkNetnsid is null)
                {
                    if (links.Links.FirstOrDefault(l => l.Index == peerIndex && l.Index != link.Index) is { } local)
                    {
                        peers[(netns, link.Index)] = new InterfacePeer(netns, local.Index, local.Name);
                    }

                    continue;
                }

                var candidates = crossIndex.GetValueOrDefault((peerIndex, link.Index))?.Where(c => c.Netns != netns).ToList() ?? [];
                if (candidates.Count == 1)
                {
                    peers[(netns, link.Index)] = new InterfacePeer(candidates[0].Netns, candidates[0].Link.Index, candidates[0].Link.Name);
                }
                else if (candidates.Count > 1)
                {
                    ambiguous.Add((netns, link, candidates));
                }
            }
        }

        foreach (var (netns, link, match) in await NetnsIdMatcher.MatchAsync(ambiguous, pathsOf, ownNetns))
        {
            peers[(netns, link.Index)] = new InterfacePeer(match.Netns, match.Link.Index, match.Link.Name);
        }

        return peers;
    }
}
