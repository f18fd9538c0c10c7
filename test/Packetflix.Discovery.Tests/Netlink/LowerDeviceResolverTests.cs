using Packetflix.Discovery.Model;
using Packetflix.Discovery.Netlink;

namespace Packetflix.Discovery.Tests.Netlink;

/// <summary>Lower devices found from rtnetlink answers of several namespaces, without a kernel.</summary>
public sealed class LowerDeviceResolverTests
{
    private const ulong Host = 4026531840;
    private const ulong Web = 4026532100;
    private const ulong Db = 4026532200;

    private static LinkMessage Nif(int index, string name, string kind = "", int? link = null, int? nsid = null) =>
        new(index, name, kind, 6, "", 1500, 0, link, nsid);

    private static NetnsLinks Ns(ulong inode, params LinkMessage[] links) => new(inode, links, []);

    private static Task<Dictionary<(ulong Netns, int Index), InterfaceLink>> ResolveAsync(params NetnsLinks[] all) =>
        LowerDeviceResolver.ResolveAsync(all.ToDictionary(n => n.Inode), _ => [], ownNetns: 1);

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_MacvlanOnSameNetnsDevice_LinkToItByName()
    {
        var lowers = await ResolveAsync(Ns(Host, Nif(1, "lo"), Nif(2, "enp1s0"), Nif(5, "mv0", "macvlan", link: 2)));

        var (key, lower) = Assert.Single(lowers);
        Assert.Equal(((Host, 5), new InterfaceLink(Host, 2, "enp1s0")), (key, lower));
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_MacvlanMovedIntoContainer_TheOneNetnsWithThatIndex()
    {
        var lowers = await ResolveAsync(
            Ns(Host, Nif(1, "lo"), Nif(2, "enp1s0"), Nif(3, "docker0", "bridge")),
            Ns(Web, Nif(1, "lo"), Nif(7, "eth0", "macvlan", link: 3, nsid: 0)));

        Assert.Equal(new InterfaceLink(Host, 3, "docker0"), lowers[(Web, 7)]);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_VxlanUnderlayInOtherNetns_FromVxlanLink()
    {
        var vxlan = Nif(4, "vx0", "vxlan", nsid: 0) with { VxlanLink = 2 };
        var lowers = await ResolveAsync(Ns(Host, Nif(1, "lo"), Nif(2, "enp1s0")), Ns(Web, Nif(1, "lo"), vxlan));

        Assert.Equal(new InterfaceLink(Host, 2, "enp1s0"), lowers[(Web, 4)]);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_VethsAndTunnelsWithoutDevice_NoLink()
    {
        var lowers = await ResolveAsync(
            Ns(Host, Nif(1, "lo"), Nif(9, "veth1", "veth", link: 2, nsid: 0), Nif(10, "tunl0", "ipip", link: 0)),
            Ns(Web, Nif(1, "lo"), Nif(2, "eth0", "veth", link: 9, nsid: 0)));

        Assert.Empty(lowers);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_SeveralCandidatesAndNetnsNotEnterable_LeftOut()
    {
        // Two other namespaces have an ifindex 2: only the kernel can tell which one nsid 0 is, and the netns of the
        // macvlan cannot be entered here (no paths), so no guess is made.
        var lowers = await ResolveAsync(
            Ns(Host, Nif(1, "lo"), Nif(2, "enp1s0")),
            Ns(Db, Nif(1, "lo"), Nif(2, "eth0", "veth")),
            Ns(Web, Nif(1, "lo"), Nif(6, "eth0", "macvlan", link: 2, nsid: 0)));

        Assert.DoesNotContain((Web, 6), lowers.Keys);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_LowerNetnsNotScanned_LeftOut()
    {
        var lowers = await ResolveAsync(Ns(Web, Nif(1, "lo"), Nif(6, "eth0", "macvlan", link: 2, nsid: 0)));

        Assert.Empty(lowers);
    }
}
