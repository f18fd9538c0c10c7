namespace Packetflix.Discovery.Engines;

/// <summary>A host port an engine forwards into a container (Docker's <c>-p</c>), as the engine reports it.</summary>
/// <param name="Proto"><c>tcp</c>, <c>udp</c> or <c>sctp</c>.</param>
/// <param name="HostAddress">The host address it listens on, as .NET prints it: <c>0.0.0.0</c> or <c>::</c> for all.</param>
/// <param name="HostPort">The host port.</param>
/// <param name="ContainerAddress">The container's address the port is forwarded to; "" when the engine named none.</param>
/// <param name="ContainerPort">The container port.</param>
public sealed record PublishedPort(string Proto, string HostAddress, int HostPort, string ContainerAddress, int ContainerPort);
