namespace Packetflix.Discovery.Netlink;

/// <summary>One RTM_NEWROUTE answer (rtnetlink(7)): destination prefix, gateway, output ifindex, table, metric,
/// scope and protocol as numbers.</summary>
public sealed record RouteMessage(byte Family, string Destination, string? Gateway, int OutputIndex, uint Table,
    uint Metric, byte Scope, byte Protocol, byte Type);
