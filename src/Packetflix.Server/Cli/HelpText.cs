namespace Packetflix.Server.Cli;

internal static class HelpText
{
    public const string Usage = """
        packetflix - stream live packet captures of any container's network namespace as pcapng over WebSocket

        Usage:
          packetflix [flags]

        Flags:
          -p, --port PORT              listen port (default 5001)
              --listen ADDR            address to listen on, repeatable; an IP address, * for every address, or
                                       unix:/PATH for a unix socket (mode 0660). Default: loopback only (127.0.0.1
                                       and ::1). A non-loopback address needs --auth-token-file or
                                       --tls-client-ca (or --insecure-no-auth): see docs/security.md.
              --discovery-service HOST a separate Ghostwire discovery service to refresh stale capture targets from;
                                   default: the built-in discovery (and 127.0.0.1 for --proxy-discovery)
              --gw-port PORT           port of the Ghostwire discovery service (default 5000)
              --proxy-discovery        reverse-proxy every other path to the discovery service
                                       (/discover/mobyshark becomes /mobyshark)
              --auth-token-file FILE   bearer tokens, one per line ([name:]token [allow=RULE,...]); re-read when it
                                       changes; allow= limits a token to some targets (docs/security.md)
              --auth-on-loopback       require a token on loopback too (multi-user hosts)
              --insecure-no-auth       allow a non-loopback listener without authentication (trusted network or
                                       behind an authenticating proxy only)
              --socket-group NAME      group that may use the unix:/PATH listener
              --tls-cert FILE          TLS on every TCP listener with this PEM certificate (and intermediates);
                                       reloaded when it changes. Needs --tls-key
              --tls-key FILE           the PEM private key of --tls-cert
              --tls-self-signed        TLS with a self-signed certificate made on the first start and kept in
                                       --state-dir; its sha256 fingerprint is logged (clients: --tls-fingerprint)
              --tls-client-ca FILE     require TLS client certificates issued by a CA in FILE (mTLS); the
                                       certificate's CN is the caller
              --tls-client-scopes FILE lines "CN allow=RULE,...": the targets each client certificate may
                                       capture and see (docs/security.md)
              --state-dir DIR          where the self-signed certificate is kept (default /var/lib/packetflix)
              --buffer-size MIB        kernel capture buffer per interface in MiB (default 8)
              --session-buffer BYTES   buffer per capture session between capture and client, e.g. 4M or 512K
                                       (default 4M, 64K to 1G); when full, the kernel buffer takes the burst
                                       (when the session shares its capture: when every sharing session's is)
              --share-captures=BOOL    sessions of one target with the same interfaces, filter and settings
                                       share one capture and kernel buffer, a stream each (default true)
              --include-own-traffic    capture the connections that carry our own streams too (by default a
                                       capture in our network namespace leaves them out; per request: exclude-own=0)
              --max-sessions N         concurrent capture sessions in total (default 256; 503 beyond)
              --max-sessions-per-identity N
                                       concurrent capture sessions per token/caller (default 64; 429 beyond)
              --max-targets N          targets per capture session (default and most 32; 400 beyond)
              --max-interfaces N       interfaces per capture session (default 64; 400 beyond)
              --max-client-message B   largest client WebSocket message in bytes (default 4096; 1009 beyond)
              --handshake-timeout S    seconds to send the request headers (default 10)
              --idle-timeout S         seconds an idle keep-alive connection stays open (default 120)
              --max-header-bytes B     all request headers together (default 32768; 431 beyond)
              --max-request-line-bytes B
                                       the request line (default 16384; 414 beyond)
              --debug                  log at debug level
              --log-requests           log every HTTP request
              --log-headers            log every HTTP request with its headers
              --log-format text|json   console log format (default text); json writes one object per line,
                                       with the capture session id in every line of a session
              --version                print the version and exit
          -h, --help                   print this help and exit

        Endpoints:
          GET /                    the web UI
          GET /capture             WebSocket: live pcapng (upstream Packetflix protocol)
          GET /capture.pcapng      the same capture as a file (add duration=S and/or count=N)
          GET /mobyshark           capture targets, Ghostwire's shape (also /discover/mobyshark)
          GET /json                discovery: namespaces, containers, interfaces, engines
          GET /version             {"name":"packetflix","version":"..."}
          GET /metrics             Prometheus metrics (sessions, packets, bytes, drops, discovery, errors)
          POST /auth/ticket        a single-use, 30 s ticket for /capture?ticket= (browsers)

        Client commands (same ./packetflix script): ls, capture, extcap install|uninstall|doctor, url-handler
        """;
}
