namespace Packetflix.Discovery.Model;

/// <summary>The lower device an interface sits on (macvlan/ipvlan/vlan master device, tunnel <c>dev</c>, vxlan
/// underlay), possibly in another netns.</summary>
/// <param name="Netns">Inode of the netns the lower device is in.</param>
/// <param name="Index">Its ifindex there.</param>
/// <param name="Name">Its name, null when that netns's links are not known.</param>
public sealed record InterfaceLink(ulong Netns, int Index, string? Name);
