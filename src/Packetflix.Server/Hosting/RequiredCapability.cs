namespace Packetflix.Server.Hosting;

/// <summary>A Linux capability the service needs, its number in <c>linux/capability.h</c>, and what it is for.</summary>
internal sealed record RequiredCapability(int Number, string Name, string Purpose);
