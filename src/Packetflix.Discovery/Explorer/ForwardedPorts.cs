using System.Net;
using Packetflix.Discovery.Engines.Docker;
using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// The host ports forwarded into each netns (docs/discovery.md, <c>forwarded-ports</c>), from two sources: the
/// engine's own record of a container's published ports (Docker's and podman's inspection, carried on the target),
/// and Docker's userland proxy processes (<see cref="DockerProxyPorts"/>). The engine knows every published port,
/// also those forwarded by the kernel alone (<c>--userland-proxy=false</c>); a proxy adds the process that listens.
/// The same protocol, host address and host port in one netns is one entry: the engine's, with the proxy's PID and
/// container address (the one it really connects to).
/// </summary>
internal static class ForwardedPorts
{
    /// <summary>Source of an entry found only through a docker-proxy process (no engine reported the port).</summary>
    public const string ProxySource = "docker-proxy";

    /// <summary>docker-proxy forwardings on this host, in PID order.</summary>
    public static List<(int Pid, (string Proto, string HostIp, int HostPort, string ContainerIp, int ContainerPort) Port)> Proxies(
        ProcessTable processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var result = new List<(int, (string, string, int, string, int))>();
        foreach (var process in processes.ByPid.Values.Where(p => p.Comm == DockerProxyPorts.ProxyComm).OrderBy(p => p.Pid))
        {
            if (DockerProxyPorts.Parse(ProcessText.Cmdline(process.Pid)) is { } port)
            {
                result.Add((process.Pid, port));
            }
        }

        return result;
    }

    /// <summary>Both sources merged, by netns inode; each list ordered by host port, protocol and host address.</summary>
    public static Dictionary<ulong, List<UiForwardedPort>> Merge(
        IReadOnlyList<NetnsInfo> namespaces,
        IEnumerable<(int Pid, (string Proto, string HostIp, int HostPort, string ContainerIp, int ContainerPort) Port)> proxies)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(proxies);
        var forwarded = new Dictionary<ulong, List<UiForwardedPort>>();
        var positions = new Dictionary<(ulong Netns, string Proto, string Host, int Port), int>();
        bool Add(ulong netns, UiForwardedPort port)
        {
            var key = (netns, port.Proto, DockerPublishedPorts.HostAddress(port.HostAddress), port.HostPort);
            if (!forwarded.TryGetValue(netns, out var list))
            {
                forwarded[netns] = list = [];
            }

            if (!positions.TryAdd(key, list.Count))
            {
                return false;
            }

            list.Add(port);
            return true;
        }

        foreach (var ns in namespaces)
        {
            foreach (var target in ns.Targets.Where(t => t.Ports.Count > 0))
            {
                var container = ContainerIndex.Display(target.Prefix, target.Name);
                foreach (var port in target.Ports)
                {
                    Add(ns.Inode, new UiForwardedPort(port.Proto, port.HostAddress, port.HostPort, container,
                        port.ContainerAddress, port.ContainerPort, target.Type, 0));
                }
            }
        }

        // The proxy's container address is the netns's: the one that holds it (container addresses are unique on a
        // host's bridges; the host's own addresses are not container addresses).
        var byAddress = new Dictionary<string, NetnsInfo>(StringComparer.Ordinal);
        foreach (var ns in namespaces.Where(n => !n.Initial))
        {
            foreach (var address in ns.Interfaces.SelectMany(i => i.Ipv4.Concat(i.Ipv6)))
            {
                byAddress.TryAdd(address.Address, ns);
            }
        }

        foreach (var (pid, port) in proxies)
        {
            var address = IPAddress.TryParse(port.ContainerIp, out var ip) ? ip.ToString() : port.ContainerIp;
            if (!byAddress.TryGetValue(address, out var ns))
            {
                continue;
            }

            var target = ns.Targets.FirstOrDefault(t => t.Type is not ("proc" or "bindmount"));
            var entry = new UiForwardedPort(port.Proto, port.HostIp, port.HostPort,
                target is null ? null : ContainerIndex.Display(target.Prefix, target.Name),
                port.ContainerIp, port.ContainerPort, ProxySource, pid);
            if (!Add(ns.Inode, entry))
            {
                var key = (ns.Inode, port.Proto, DockerPublishedPorts.HostAddress(port.HostIp), port.HostPort);
                var list = forwarded[ns.Inode];
                var known = list[positions[key]];
                if (known.Source != ProxySource)
                {
                    list[positions[key]] = known with
                    {
                        Pid = pid,
                        ContainerAddress = port.ContainerIp,
                        ContainerPort = port.ContainerPort,
                    };
                }
            }
        }

        foreach (var list in forwarded.Values)
        {
            list.Sort((a, b) => a.HostPort.CompareTo(b.HostPort) is var byPort and not 0 ? byPort
                : string.CompareOrdinal(a.Proto, b.Proto) is var byProto and not 0 ? byProto
                : string.CompareOrdinal(a.HostAddress, b.HostAddress));
        }

        return forwarded;
    }
}
