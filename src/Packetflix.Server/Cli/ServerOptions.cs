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

    /// <summary>Addresses to listen on; empty means loopback only (127.0.0.1 and ::1).</summary>
    public IReadOnlyList<string> Listen { get; init; } = [];

    /// <summary>Kernel capture buffer per interface, in MiB.</summary>
    public int BufferSizeMiB { get; init; } = 8;

    public bool ShowHelp { get; init; }

    public bool ShowVersion { get; init; }
}
