using System.Net;

namespace Packetflix.Server.Auth;

/// <summary>
/// DNS rebinding protection for callers let in by their connection alone (loopback without credentials). A web page
/// from <c>evil.example</c> whose name is then re-pointed at 127.0.0.1 reaches the loopback listener from the user's own
/// browser, and as its script's origin is that name, <c>Origin</c> equals <c>Host</c> and the browser lets it read the
/// answers. What it cannot choose is a <c>Host</c> that names this machine: the browser sends the name of the URL, so
/// such a request names <c>evil.example</c>. A credential-less request must therefore name <c>localhost</c> (or a
/// <c>*.localhost</c> name, which resolves to loopback only, RFC 6761 §6.3), a loopback address or this host's own
/// name; a request with a bearer token or client certificate is not concerned (the attacker's page has neither).
/// </summary>
internal static class LocalHostHeader
{
    public static bool IsLocal(HostString host) => IsLocal(host, Environment.MachineName);

    internal static bool IsLocal(HostString host, string machineName)
    {
        // HTTP/1.0 without Host: no browser sends that.
        if (!host.HasValue)
        {
            return true;
        }

        var name = host.Host.TrimEnd('.');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || name.Equals(machineName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(name.Trim('[', ']'), out var address) && PeerIdentity.IsLoopback(address);
    }
}
