using System.Net;
using Packetflix.Linux;
using Packetflix.Server.Cli;

namespace Packetflix.Server.Auth;

/// <summary>The start-up rules of docs/security.md: which option combinations the service refuses to start with.</summary>
internal static class AccessPolicy
{
    public const string NoAuthOptions =
        "use --auth-token-file FILE (bearer tokens), TLS client certificates (--tls-client-ca FILE), or --insecure-no-auth "
        + "(only on a trusted network or behind an authenticating proxy)";

    /// <summary>Null when the options are acceptable, else the one-line reason to refuse the start (exit 2).</summary>
    public static string? Validate(ServerOptions options)
    {
        var exposed = options.Listen.Where(IsNonLoopback).ToList();
        if (exposed.Count > 0 && options.AuthTokenFile is null && options.TlsClientCa is null && !options.InsecureNoAuth)
        {
            return $"refusing to listen on {string.Join(", ", exposed)} without authentication, which would hand all container traffic "
                + $"to anyone who reaches it; {NoAuthOptions}";
        }

        if (options.AuthOnLoopback && options.AuthTokenFile is null && options.TlsClientCa is null)
        {
            return "--auth-on-loopback needs --auth-token-file FILE (the tokens to require) or --tls-client-ca FILE";
        }

        if (options.AuthOnLoopback && options.InsecureNoAuth)
        {
            return "--auth-on-loopback and --insecure-no-auth contradict each other";
        }

        var sockets = options.Listen.Where(IsUnixSocket).ToList();
        if (options.SocketGroup is { } group)
        {
            if (sockets.Count == 0)
            {
                return "--socket-group needs a --listen unix:/PATH listener";
            }

            if (!UnixGroup.TryGetId(group, out _))
            {
                return $"--socket-group {group}: no such group";
            }
        }

        if (options.AuthTokenFile is { } file)
        {
            var loaded = TokenFile.Load(file);
            if (!loaded.Succeeded)
            {
                return loaded.Error;
            }
        }

        return null;
    }

    public static bool IsUnixSocket(string listen) => listen.StartsWith(CommandLineParser.UnixPrefix, StringComparison.Ordinal);

    public static bool IsNonLoopback(string listen) =>
        !IsUnixSocket(listen) && (listen == "*" || !IPAddress.IsLoopback(IPAddress.Parse(listen.Trim('[', ']'))));
}
