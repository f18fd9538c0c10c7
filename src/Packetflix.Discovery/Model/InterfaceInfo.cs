namespace Packetflix.Discovery.Model;

/// <summary>A network interface of one netns.</summary>
/// <param name="Name">Interface name.</param>
/// <param name="Index">ifindex (unique within its netns only).</param>
/// <param name="Kind">IFLA_INFO_KIND (veth, bridge, vxlan, macvlan, tun, ...); "" for physical devices and loopback.</param>
/// <param name="OperState">RFC 2863 operational state as iproute2 prints it: UP, DOWN, UNKNOWN, ...</param>
/// <param name="Mac">Hardware address, lower-case colon hex; "" if none.</param>
/// <param name="Mtu">MTU.</param>
/// <param name="Master">Bridge (or bond, VRF) master, if any.</param>
/// <param name="Peer">veth peer, if resolved.</param>
/// <param name="Ipv4">IPv4 addresses.</param>
/// <param name="Ipv6">IPv6 addresses.</param>
public sealed record InterfaceInfo(
    string Name,
    int Index,
    string Kind,
    string OperState,
    string Mac,
    int Mtu,
    InterfaceRef? Master,
    InterfacePeer? Peer,
    IReadOnlyList<InterfaceAddress> Ipv4,
    IReadOnlyList<InterfaceAddress> Ipv6)
{
    /// <summary>The lower device (macvlan, ipvlan, vlan, tunnels, vxlan underlay), if it has one and it was found;
    /// veths have <see cref="Peer"/> instead.</summary>
    public InterfaceLink? Link { get; init; }

    /// <summary>Only DOWN interfaces are left out of capture targets; lo reports UNKNOWN and stays in.</summary>
    public bool IsDown => OperState == "DOWN";
}
