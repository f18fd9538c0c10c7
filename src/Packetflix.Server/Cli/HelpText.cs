namespace Packetflix.Server.Cli;

internal static class HelpText
{
    public const string Usage = """
        packetflix - stream live packet captures of any container's network namespace as pcapng over WebSocket

        Usage:
          packetflix [flags]

        Flags:
          -p, --port PORT              listen port (default 5001)
              --listen ADDR            address to listen on, repeatable; an IP address or * for every address.
                                       Default: loopback only (127.0.0.1 and ::1). Upstream packetflix listens on
                                       every address, which hands all container traffic to anyone on the network:
                                       only widen this behind an authenticating, TLS-terminating proxy.
              --discovery-service HOST host name or IP of a Ghostwire discovery service (default 127.0.0.1)
              --gw-port PORT           port of the Ghostwire discovery service (default 5000)
              --proxy-discovery        reverse-proxy every other path to the discovery service
                                       (/discover/mobyshark becomes /mobyshark)
              --buffer-size MIB        kernel capture buffer per interface in MiB (default 8)
              --debug                  log at debug level
              --log-requests           log every HTTP request
              --log-headers            log every HTTP request with its headers
              --version                print the version and exit
          -h, --help                   print this help and exit

        Endpoints:
          GET /capture   WebSocket: live pcapng (upstream Packetflix protocol)
          GET /version   {"name":"packetflix","version":"..."}
          GET /metrics   Prometheus counters (sessions, packets, drops)
        """;
}
