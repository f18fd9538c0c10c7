namespace Packetflix.Server.Cli;

/// <summary>Settings of the service, from the command line (upstream flag names, plus our additions).</summary>
internal sealed record ServerOptions
{
    /// <summary>Upstream's DefaultPacketFlixServicePort.</summary>
    public const ushort DefaultPort = 5001;

    /// <summary>Upstream's default Ghostwire port.</summary>
    public const ushort DefaultGhostwirePort = 5000;

    public ushort Port { get; init; } = DefaultPort;

    public string DiscoveryService { get; init; } = "127.0.0.1";

    /// <summary>True when <c>--discovery-service</c> was given explicitly.</summary>
    public bool DiscoveryServiceGiven { get; init; }

    public ushort GhostwirePort { get; init; } = DefaultGhostwirePort;

    /// <summary><c>http://host:port/</c> of the discovery service; an IPv6 address gets its brackets.</summary>
    public Uri DiscoveryBaseUri
    {
        get
        {
            var host = DiscoveryService.Contains(':', StringComparison.Ordinal) && !DiscoveryService.StartsWith('[')
                ? $"[{DiscoveryService}]"
                : DiscoveryService;
            return new Uri($"http://{host}:{GhostwirePort}/");
        }
    }

    public bool ProxyDiscovery { get; init; }

    public bool Debug { get; init; }

    public bool LogRequests { get; init; }

    public bool LogHeaders { get; init; }

    /// <summary><c>--log-format json</c>: one JSON object per log line, with scopes (the session id); default text.</summary>
    public bool LogJson { get; init; }

    /// <summary>Addresses to listen on (IP, <c>*</c> or <c>unix:/path</c>); empty means loopback only (127.0.0.1 and ::1).</summary>
    public IReadOnlyList<string> Listen { get; init; } = [];

    /// <summary>Kernel capture buffer per interface, in MiB.</summary>
    public int BufferSizeMiB { get; init; } = 8;

    /// <summary><c>--session-buffer</c>: bytes buffered per session between capture and socket; when they are full the
    /// session stops reading its kernel rings, and resumes below half (docs/api.md, "Memory").</summary>
    public long SessionBufferBytes { get; init; } = 4 * 1024 * 1024;

    public const long MinSessionBufferBytes = 64 * 1024;

    public const long MaxSessionBufferBytes = 1024 * 1024 * 1024;

    // Access (issue 10; docs/security.md): who may use the service.

    /// <summary><c>--auth-token-file</c>: bearer tokens, one per line.</summary>
    public string? AuthTokenFile { get; init; }

    /// <summary><c>--insecure-no-auth</c>: allow a non-loopback listener without authentication.</summary>
    public bool InsecureNoAuth { get; init; }

    /// <summary><c>--auth-on-loopback</c>: loopback connections need a token too (multi-user hosts).</summary>
    public bool AuthOnLoopback { get; init; }

    /// <summary><c>--socket-group</c>: group that owns the unix socket listener (mode 0660).</summary>
    public string? SocketGroup { get; init; }

    // Limits (issue 10; docs/api.md "Limits", docs/security.md).

    /// <summary><c>--max-sessions</c>: concurrent capture sessions in total (503 beyond).</summary>
    public int MaxSessions { get; init; } = Auth.SessionLimiter.DefaultMaxSessions;

    /// <summary><c>--max-sessions-per-identity</c>: concurrent capture sessions per caller (429 beyond).</summary>
    public int MaxSessionsPerIdentity { get; init; } = Auth.SessionLimiter.DefaultMaxSessionsPerIdentity;

    /// <summary><c>--max-targets</c>: targets one capture session may name (400 beyond).</summary>
    public int MaxTargets { get; init; } = CaptureApi.CaptureLimits.DefaultMaxTargets;

    /// <summary><c>--max-interfaces</c>: interfaces one capture session may name (400 beyond).</summary>
    public int MaxInterfaces { get; init; } = CaptureApi.CaptureLimits.DefaultMaxInterfaces;

    /// <summary><c>--max-client-message</c>: bytes of one client WebSocket data message before we close with 1009.</summary>
    public int MaxClientMessageBytes { get; init; } = 4096;

    /// <summary><c>--handshake-timeout</c>: seconds to receive a request's headers (Kestrel RequestHeadersTimeout).</summary>
    public int HandshakeTimeoutSeconds { get; init; } = 10;

    /// <summary><c>--idle-timeout</c>: seconds an idle keep-alive connection stays open (Kestrel KeepAliveTimeout).</summary>
    public int IdleTimeoutSeconds { get; init; } = 120;

    /// <summary><c>--max-header-bytes</c>: all request headers together (431 beyond).</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary><c>--max-request-line-bytes</c>: method, target and version (414 beyond).</summary>
    public int MaxRequestLineBytes { get; init; } = 16 * 1024;

    // TLS (docs/security.md, "TLS").

    /// <summary><c>--tls-cert</c>: PEM certificate (and intermediates) for every TCP listener; reloaded when it changes.</summary>
    public string? TlsCert { get; init; }

    /// <summary><c>--tls-key</c>: PEM private key of <see cref="TlsCert"/>.</summary>
    public string? TlsKey { get; init; }

    /// <summary><c>--tls-self-signed</c>: make (once) and serve a self-signed certificate kept in <see cref="StateDir"/>.</summary>
    public bool TlsSelfSigned { get; init; }

    /// <summary><c>--tls-client-ca</c>: require client certificates issued by a CA in this PEM file (mTLS).</summary>
    public string? TlsClientCa { get; init; }

    /// <summary><c>--tls-client-scopes</c>: which targets each client certificate (by CN) may capture and see.</summary>
    public string? TlsClientScopes { get; init; }

    /// <summary><c>--state-dir</c>: where the service keeps what it makes itself (the self-signed certificate).</summary>
    public string StateDir { get; init; } = DefaultStateDir;

    public const string DefaultStateDir = "/var/lib/packetflix";

    /// <summary><c>--include-own-traffic</c>: captures see the connections that carry our own streams (docs/architecture.md,
    /// "Our own traffic"); by default they are left out.</summary>
    public bool IncludeOwnTraffic { get; init; }

    /// <summary><c>--share-captures</c>: single-target sessions of one target with the same capture settings share one
    /// capture (docs/architecture.md, "Shared captures"); false gives every session a kernel ring of its own.</summary>
    public bool ShareCaptures { get; init; } = true;

    public bool ShowHelp { get; init; }

    public bool ShowVersion { get; init; }
}
