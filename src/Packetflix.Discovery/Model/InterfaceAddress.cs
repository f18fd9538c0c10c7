namespace Packetflix.Discovery.Model;

/// <summary>An IPv4 or IPv6 address of an interface with its prefix length.</summary>
public sealed record InterfaceAddress(string Address, int PrefixLength);
