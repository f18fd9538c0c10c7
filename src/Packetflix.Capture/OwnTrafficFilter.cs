using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Packetflix.Capture;

/// <summary>Builds the pcap-filter(7) clause that leaves our own stream connections out of a capture
/// (docs/architecture.md, "Our own traffic"): <c>(user filter) and not (tcp and (conn1 or conn2 …))</c>.</summary>
public static class OwnTrafficFilter
{
    /// <summary>Connections matched by their exact 4-tuple, both directions. Each costs roughly 20–30 classic BPF
    /// instructions; the kernel takes at most 4096 (BPF_MAXINSNS, linux/bpf_common.h), and every packet runs the
    /// whole program, so beyond this many the clause matches the server's local endpoints instead (every connection
    /// to them is ours).</summary>
    public const int MaxPreciseConnections = 64;

    /// <summary>The clause that matches every packet of <paramref name="connections"/>, or null when there are none.</summary>
    public static string? Match(IReadOnlyList<OwnConnection> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        if (connections.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (connections.Count <= MaxPreciseConnections)
        {
            foreach (var c in connections)
            {
                var local = Address(c.Local);
                var remote = Address(c.Remote);
                parts.Add(Direction(local, c.LocalPort, remote, c.RemotePort));
                parts.Add(Direction(remote, c.RemotePort, local, c.LocalPort));
            }
        }
        else
        {
            foreach (var (local, port) in connections.Select(c => (Address(c.Local), c.LocalPort)).Distinct())
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"(host {local} and port {port})"));
            }
        }

        var builder = new StringBuilder("tcp and (");
        builder.AppendJoin(" or ", parts);
        return builder.Append(')').ToString();
    }

    /// <summary><c>(user) and not (exclusion)</c>; the user's filter alone when there is nothing to leave out.</summary>
    public static string? Combine(string? userFilter, string? exclusion)
    {
        if (exclusion is null)
        {
            return string.IsNullOrEmpty(userFilter) ? null : userFilter;
        }

        return string.IsNullOrEmpty(userFilter) ? $"not ({exclusion})" : $"({userFilter}) and not ({exclusion})";
    }

    private static string Direction(string source, int sourcePort, string destination, int destinationPort) =>
        string.Create(CultureInfo.InvariantCulture,
            $"(src host {source} and src port {sourcePort} and dst host {destination} and dst port {destinationPort})");

    /// <summary>An IPv4-mapped IPv6 address (a dual-stack listener) is on the wire as IPv4; a scope id is not part of
    /// the filter syntax.</summary>
    private static string Address(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(address.GetAddressBytes()).ToString() : address.ToString();
    }
}
