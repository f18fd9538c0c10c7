using System.Globalization;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Docker's published ports as its userland proxy carries them: every published port has a <c>docker-proxy</c>
/// process on the host listening on the host address and port, started with <c>-proto tcp -host-ip 127.0.0.1
/// -host-port 32768 -container-ip 172.17.0.2 -container-port 80</c>. That process is both the engine's port mapping
/// and the host listener (Ghostwire's "open house"), without asking the engine.
/// </summary>
internal static class DockerProxyPorts
{
    public const string ProxyComm = "docker-proxy";

    /// <summary>The forwarding of one docker-proxy command line (NUL- or space-separated); null when incomplete.</summary>
    public static (string Proto, string HostIp, int HostPort, string ContainerIp, int ContainerPort)? Parse(string cmdline)
    {
        ArgumentNullException.ThrowIfNull(cmdline);
        var args = cmdline.Split((char[])[' ', '\0'], StringSplitOptions.RemoveEmptyEntries);
        string? proto = null, hostIp = null, containerIp = null;
        int? hostPort = null, containerPort = null;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            var value = args[i + 1];
            switch (args[i].TrimStart('-'))
            {
                case "proto":
                    proto = value;
                    break;
                case "host-ip":
                    hostIp = value;
                    break;
                case "host-port":
                    hostPort = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var hp) ? hp : null;
                    break;
                case "container-ip":
                    containerIp = value;
                    break;
                case "container-port":
                    containerPort = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cp) ? cp : null;
                    break;
                default:
                    continue;
            }
        }

        return proto is null || hostIp is null || containerIp is null || hostPort is null || containerPort is null
            ? null
            : (proto, hostIp, hostPort.Value, containerIp, containerPort.Value);
    }
}
