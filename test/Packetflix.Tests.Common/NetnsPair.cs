namespace Packetflix.Tests.Common;

/// <summary>
/// Two <c>ip netns add</c> namespaces joined by a veth pair named eth0 on both sides, with 10.231.0.1/24 (A) and
/// 10.231.0.2/24 (B). The addresses exist only inside these namespaces, so parallel pairs do not conflict.
/// IPv6 is off in both, so the only traffic is what a test sends (and the ARP that IPv4 needs).
/// Requires <see cref="Privileged.Require"/>.
/// </summary>
public sealed class NetnsPair : IAsyncDisposable
{
    public const string AddressA = "10.231.0.1";
    public const string AddressB = "10.231.0.2";

    private NetnsPair(string id)
    {
        NameA = $"pf-{id}-a";
        NameB = $"pf-{id}-b";
    }

    public string NameA { get; }

    public string NameB { get; }

    /// <summary>The bind mount <c>ip netns add</c> created for A.</summary>
    public string PathA => $"/run/netns/{NameA}";

    public string PathB => $"/run/netns/{NameB}";

    /// <summary>Netns id (nsfs inode) of A.</summary>
    public ulong InodeA { get; private set; }

    public ulong InodeB { get; private set; }

    public static async Task<NetnsPair> CreateAsync(CancellationToken cancellationToken)
    {
        var pair = new NetnsPair(Netns.NewId());
        try
        {
            await Netns.IpAsync(cancellationToken, "netns", "add", pair.NameA);
            await Netns.IpAsync(cancellationToken, "netns", "add", pair.NameB);

            // Creating both ends directly inside the target namespaces (IFLA_NET_NS_FD) avoids a name clash with
            // the host's own eth0 and leaves nothing behind in the init netns.
            await Netns.IpAsync(
                cancellationToken, "link", "add", "eth0", "netns", pair.NameA, "type", "veth", "peer", "name", "eth0", "netns", pair.NameB);
            await ConfigureAsync(pair.NameA, $"{AddressA}/24", cancellationToken);
            await ConfigureAsync(pair.NameB, $"{AddressB}/24", cancellationToken);
            pair.InodeA = await Netns.StatInodeAsync(pair.PathA, cancellationToken);
            pair.InodeB = await Netns.StatInodeAsync(pair.PathB, cancellationToken);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pings <paramref name="address"/> from inside netns <paramref name="fromNs"/>; throws unless replies arrive.</summary>
    public static async Task PingAsync(string fromNs, string address, int count, CancellationToken cancellationToken)
    {
        await Shell.RunCheckedAsync(
            "ip", ["netns", "exec", fromNs, "busybox", "ping", .. Netns.Ping(count, address).Split(' ')], Netns.PingTimeout(count), cancellationToken);
    }

    /// <summary>Deletes both namespaces (which destroys the veth pair); never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        await Netns.DeleteQuietlyAsync(NameA);
        await Netns.DeleteQuietlyAsync(NameB);
    }

    private static async Task ConfigureAsync(string name, string cidr, CancellationToken cancellationToken)
    {
        await Netns.DisableIpv6Async(["ip", "netns", "exec", name], ["eth0", "lo"], cancellationToken);
        await Netns.IpAsync(cancellationToken, "-n", name, "addr", "add", cidr, "dev", "eth0");
        await Netns.IpAsync(cancellationToken, "-n", name, "link", "set", "eth0", "up");
        await Netns.IpAsync(cancellationToken, "-n", name, "link", "set", "lo", "up");
    }
}
