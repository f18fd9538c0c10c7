namespace Packetflix.Discovery.Model;

/// <summary>The other end of a veth pair, possibly in another netns.</summary>
public sealed record InterfacePeer(ulong Netns, int Index, string Name);
