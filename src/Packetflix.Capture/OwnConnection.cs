using System.Net;

namespace Packetflix.Capture;

/// <summary>One TCP connection that carries one of our own streams, as the server's socket sees it.</summary>
/// <param name="Local">The server's address of the connection.</param>
/// <param name="LocalPort">The server's port.</param>
/// <param name="Remote">The client's address.</param>
/// <param name="RemotePort">The client's port.</param>
public sealed record OwnConnection(IPAddress Local, int LocalPort, IPAddress Remote, int RemotePort);
