namespace Packetflix.Discovery.Netlink;

/// <summary>
/// The tie-break of <see cref="PeerResolver"/> and <see cref="LowerDeviceResolver"/>: a link's IFLA_LINK_NETNSID is an
/// id that only means something from the link's own netns, so when several namespaces could hold the other device,
/// the kernel is asked from that netns (RTM_GETNSID with NETNSA_FD, rtnetlink(7)) which candidate carries the id.
/// </summary>
internal static class NetnsIdMatcher
{
    /// <summary>For each ambiguous link, the candidate whose netns has the link's IFLA_LINK_NETNSID as seen from the
    /// link's netns; links without a match (a netns that cannot be opened, no candidate with that id) are left out.</summary>
    public static async Task<List<(ulong Netns, LinkMessage Link, (ulong Netns, LinkMessage Link) Match)>> MatchAsync(
        List<(ulong Netns, LinkMessage Link, List<(ulong Netns, LinkMessage Link)> Candidates)> ambiguous,
        Func<ulong, IEnumerable<string>> pathsOf, ulong ownNetns)
    {
        var matches = new List<(ulong, LinkMessage, (ulong, LinkMessage))>();
        foreach (var group in ambiguous.GroupBy(a => a.Netns))
        {
            using var socket = await NetnsSocketOpener.OpenSocketAsync(group.Key, pathsOf(group.Key), ownNetns);
            if (socket is null)
            {
                continue;
            }

            // The id each candidate netns has as seen from this one; asked once per candidate.
            var nsids = new Dictionary<ulong, int?>();
            foreach (var (netns, link, candidates) in group)
            {
                foreach (var candidate in candidates)
                {
                    if (!nsids.TryGetValue(candidate.Netns, out var nsid))
                    {
                        using var fd = NetnsSocketOpener.OpenNetns(candidate.Netns, pathsOf(candidate.Netns));
                        try
                        {
                            nsid = fd is null ? null : socket.GetNsid(fd);
                        }
                        catch (Linux.ErrnoException)
                        {
                            nsid = null;
                        }

                        nsids[candidate.Netns] = nsid;
                    }

                    if (nsid == link.LinkNetnsid)
                    {
                        matches.Add((netns, link, candidate));
                        break;
                    }
                }
            }
        }

        return matches;
    }
}
