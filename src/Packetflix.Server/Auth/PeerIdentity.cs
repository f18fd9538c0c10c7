using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;

namespace Packetflix.Server.Auth;

/// <summary>Where a connection comes from: a loopback or remote TCP peer, or a unix socket peer with its uid.</summary>
internal static class PeerIdentity
{
    // socket(7): SOL_SOCKET and SO_PEERCRED; struct ucred is { pid_t pid; uid_t uid; gid_t gid; }.
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerKind KindOf(HttpContext context, out string remote, out uint uid)
    {
        uid = 0;
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
            if (socket is { AddressFamily: AddressFamily.Unix } && TryGetPeerUid(socket, out uid))
            {
                remote = $"unix:{uid}";
                return PeerKind.UnixSocket;
            }

            // Not a socket we know (an in-memory test host): treat it as remote, so it needs credentials.
            remote = "?";
            return PeerKind.Remote;
        }

        remote = address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{address}]:{context.Connection.RemotePort}"
            : $"{address}:{context.Connection.RemotePort}";
        return IsLoopback(address) ? PeerKind.Loopback : PeerKind.Remote;
    }

    /// <summary>A loopback address, also written IPv4-mapped (::ffff:127.0.0.1) as a dual-stack socket reports it.</summary>
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>SO_PEERCRED: the kernel's record of who connected, which the peer cannot forge.</summary>
    private static bool TryGetPeerUid(Socket socket, out uint uid)
    {
        Span<byte> credentials = stackalloc byte[12];
        try
        {
            var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials);
            uid = length == 12 ? BitConverter.ToUInt32(credentials[4..8]) : 0;
            return length == 12;
        }
        catch (SocketException)
        {
            uid = 0;
            return false;
        }
    }
}
