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
              --discovery-service HOST a separate Ghostwire discovery service to refresh stale capture targets from;
                                   default: the built-in discovery (and 127.0.0.1 for --proxy-discovery)
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
          GET /                    the web UI
          GET /capture             WebSocket: live pcapng (upstream Packetflix protocol)
          GET /capture.pcapng      the same capture as a file (add duration=S and/or count=N)
          GET /mobyshark           capture targets, Ghostwire's shape (also /discover/mobyshark)
          GET /json                discovery: namespaces, containers, interfaces, engines
          GET /version             {"name":"packetflix","version":"..."}
          GET /metrics             Prometheus counters (sessions, packets, drops)

        Client commands (same ./packetflix script): ls, capture, extcap install|uninstall|doctor, url-handler
        """;
}
