using System.Globalization;
using System.Net;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>
/// The published ports of a container inspection (Docker Engine API, <c>NetworkSettings.Ports</c>):
/// <c>{"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, {"HostIp": "::", "HostPort": "8080"}], "443/tcp": null}</c>.
/// They are the engine's own record of what it forwards, whether through its userland proxy or (with
/// <c>--userland-proxy=false</c>) only through the kernel's NAT rules, where no process shows them.
/// </summary>
internal static class DockerPublishedPorts
{
    /// <summary>Every published binding; a port that is only exposed (null bindings) or malformed is left out.</summary>
    public static List<PublishedPort> FromInspect(DockerNetworkSettings? settings)
    {
        var result = new List<PublishedPort>();
        if (settings?.Ports is not { Count: > 0 } ports)
        {
            return result;
        }

        var ipv4 = FirstAddress(settings.IpAddress, settings.Networks, e => e.IpAddress);
        var ipv6 = FirstAddress(settings.GlobalIpv6Address, settings.Networks, e => e.GlobalIpv6Address);
        foreach (var (key, bindings) in ports.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (bindings is null || ParseKey(key) is not { } containerSide)
            {
                continue;
            }

            foreach (var binding in bindings)
            {
                if (binding is null
                    || !int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort)
                    || hostPort is <= 0 or > 65535)
                {
                    continue;
                }

                var host = HostAddress(binding.HostIp);
                // An IPv6 host address forwards to the container's IPv6 address if it has one; Docker's proxy
                // carries IPv6 to the IPv4 address otherwise.
                var container = host.Contains(':', StringComparison.Ordinal) && ipv6.Length > 0 ? ipv6 : ipv4;
                result.Add(new PublishedPort(containerSide.Proto, host, hostPort, container, containerSide.Port));
            }
        }

        return result;
    }

    /// <summary>Empty or missing means every address (the engine's default binding), shown as 0.0.0.0 as the proxy
    /// shows it; other addresses in .NET's canonical form, so they compare with the proxy's command line.</summary>
    public static string HostAddress(string? hostIp) =>
        string.IsNullOrEmpty(hostIp) ? "0.0.0.0"
        : IPAddress.TryParse(hostIp, out var address) ? address.ToString()
        : hostIp;

    /// <summary><c>80/tcp</c> → (80, tcp); a key without protocol is tcp (Docker's default).</summary>
    private static (int Port, string Proto)? ParseKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var port = slash < 0 ? key : key[..slash];
        var proto = slash < 0 ? "tcp" : key[(slash + 1)..];
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            && proto.Length > 0
            ? (number, proto)
            : null;
    }

    /// <summary>The top-level (default bridge) address, else the first network's by name, else "".</summary>
    private static string FirstAddress(
        string? topLevel, IReadOnlyDictionary<string, DockerEndpoint?>? networks, Func<DockerEndpoint, string?> address)
    {
        if (!string.IsNullOrEmpty(topLevel))
        {
            return topLevel;
        }

        return networks?.OrderBy(n => n.Key, StringComparer.Ordinal)
            .Select(n => n.Value is null ? null : address(n.Value))
            .FirstOrDefault(a => !string.IsNullOrEmpty(a)) ?? string.Empty;
    }
}
