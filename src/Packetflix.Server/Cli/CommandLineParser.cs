using System.Globalization;
using System.Net;

namespace Packetflix.Server.Cli;

/// <summary>
/// Parses the upstream flags the way flaggy does (<c>--flag=value</c> and <c>--flag value</c>, booleans by
/// presence or <c>=true|false</c>). Anything unknown or malformed is an error, never silently ignored.
/// </summary>
internal static class CommandLineParser
{
    public static (ServerOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new ServerOptions();
        var listen = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg is "-" or "--")
            {
                return (null, $"unexpected argument \"{arg}\"");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? arg : arg[..eq];
            var inline = eq < 0 ? null : arg[(eq + 1)..];

            string? TakeValue(out string? error)
            {
                error = null;
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    error = $"flag {name} needs a value";
                    return null;
                }

                return args[++i];
            }

            switch (name)
            {
                case "-p" or "--port":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                        {
                            return (null, $"invalid port \"{value}\": must be a number from 0 to 65535");
                        }

                        options = options with { Port = port };
                        break;
                    }

                case "--gw-port":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
                        {
                            return (null, $"invalid --gw-port \"{value}\": must be a number from 1 to 65535");
                        }

                        options = options with { GhostwirePort = port };
                        break;
                    }

                case "--discovery-service":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (value.Length == 0 || Uri.CheckHostName(value.Trim('[', ']')) == UriHostNameType.Unknown)
                        {
                            return (null, $"invalid --discovery-service \"{value}\": must be a host name or IP address");
                        }

                        options = options with { DiscoveryService = value, DiscoveryServiceGiven = true };
                        break;
                    }

                case "--listen":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (!IsListenAddress(value))
                        {
                            return (null, $"invalid --listen \"{value}\": must be an IP address, * for all addresses, or unix:/absolute/path");
                        }

                        listen.Add(value);
                        break;
                    }

                case "--buffer-size":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        // 1 GiB per interface is already far beyond what a capture host should pin in the kernel.
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mib) || mib is < 1 or > 1024)
                        {
                            return (null, $"invalid --buffer-size \"{value}\": must be a number of MiB from 1 to 1024");
                        }

                        options = options with { BufferSizeMiB = mib };
                        break;
                    }

                case "--session-buffer":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (ParseBytes(value) is not { } bytes || bytes is < ServerOptions.MinSessionBufferBytes or > ServerOptions.MaxSessionBufferBytes)
                        {
                            return (null, $"invalid --session-buffer \"{value}\": must be a number of bytes (suffix K, M or G for KiB, MiB, GiB) from 64K to 1G");
                        }

                        options = options with { SessionBufferBytes = bytes };
                        break;
                    }

                case "--log-format":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (value is not ("text" or "json"))
                        {
                            return (null, $"invalid --log-format \"{value}\": must be text or json");
                        }

                        options = options with { LogJson = value == "json" };
                        break;
                    }

                case "--proxy-discovery" or "--debug" or "--log-requests" or "--log-headers" or "--version" or "-h" or "--help":
                    {
                        bool flag;
                        if (inline is null)
                        {
                            flag = true;
                        }
                        else if (!bool.TryParse(inline, out flag))
                        {
                            return (null, $"invalid value \"{inline}\" for {name}: must be true or false");
                        }

                        options = name switch
                        {
                            "--proxy-discovery" => options with { ProxyDiscovery = flag },
                            "--debug" => options with { Debug = flag },
                            "--log-requests" => options with { LogRequests = flag },
                            "--log-headers" => options with { LogHeaders = flag },
                            "--version" => options with { ShowVersion = flag },
                            _ => options with { ShowHelp = flag },
                        };
                        break;
                    }

                // Access options (docs/security.md).
                case "--auth-token-file" or "--socket-group":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (value.Length == 0)
                        {
                            return (null, $"flag {name} needs a non-empty value");
                        }

                        options = name == "--auth-token-file" ? options with { AuthTokenFile = value } : options with { SocketGroup = value };
                        break;
                    }

                // TLS options (docs/security.md, "TLS").
                case "--tls-cert" or "--tls-key" or "--tls-client-ca" or "--tls-client-scopes" or "--state-dir":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        if (value.Length == 0)
                        {
                            return (null, $"flag {name} needs a non-empty value");
                        }

                        options = name switch
                        {
                            "--tls-cert" => options with { TlsCert = value },
                            "--tls-key" => options with { TlsKey = value },
                            "--tls-client-ca" => options with { TlsClientCa = value },
                            "--tls-client-scopes" => options with { TlsClientScopes = value },
                            _ => options with { StateDir = value },
                        };
                        break;
                    }

                case "--tls-self-signed":
                    {
                        var flag = true;
                        if (inline is not null && !bool.TryParse(inline, out flag))
                        {
                            return (null, $"invalid value \"{inline}\" for {name}: must be true or false");
                        }

                        options = options with { TlsSelfSigned = flag };
                        break;
                    }

                case "--include-own-traffic" or "--share-captures":
                    {
                        var flag = true;
                        if (inline is not null && !bool.TryParse(inline, out flag))
                        {
                            return (null, $"invalid value \"{inline}\" for {name}: must be true or false");
                        }

                        options = name == "--share-captures" ? options with { ShareCaptures = flag } : options with { IncludeOwnTraffic = flag };
                        break;
                    }

                case "--insecure-no-auth" or "--auth-on-loopback":
                    {
                        var flag = true;
                        if (inline is not null && !bool.TryParse(inline, out flag))
                        {
                            return (null, $"invalid value \"{inline}\" for {name}: must be true or false");
                        }

                        options = name == "--insecure-no-auth" ? options with { InsecureNoAuth = flag } : options with { AuthOnLoopback = flag };
                        break;
                    }

                // Limits (docs/api.md, "Limits").
                case "--max-sessions" or "--max-sessions-per-identity" or "--max-targets" or "--max-interfaces" or "--max-client-message"
                    or "--handshake-timeout" or "--idle-timeout" or "--max-header-bytes" or "--max-request-line-bytes":
                    {
                        var value = TakeValue(out var error);
                        if (value is null)
                        {
                            return (null, error);
                        }

                        var (min, max) = LimitRange(name);
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < min || limit > max)
                        {
                            return (null, $"invalid {name} \"{value}\": must be a whole number from {min} to {max}");
                        }

                        options = WithLimit(options, name, limit);
                        break;
                    }

                default:
                    return (null, $"unknown flag \"{name}\"");
            }
        }

        return (options with { Listen = listen }, null);
    }

    private static (int Min, int Max) LimitRange(string name) => name switch
    {
        "--max-client-message" => (125, 1024 * 1024),
        // A request can name at most this many targets whatever the flag says (docs/api.md, "Several targets").
        "--max-targets" => (1, CaptureApi.CaptureTargetLimits.MaxTargetsPerRequest),
        "--handshake-timeout" or "--idle-timeout" => (1, 3600),
        // Below Kestrel's own floor a plain browser request no longer fits.
        "--max-header-bytes" or "--max-request-line-bytes" => (1024, 1024 * 1024),
        _ => (1, 100_000),
    };

    private static ServerOptions WithLimit(ServerOptions options, string name, int value) => name switch
    {
        "--max-sessions" => options with { MaxSessions = value },
        "--max-sessions-per-identity" => options with { MaxSessionsPerIdentity = value },
        "--max-targets" => options with { MaxTargets = value },
        "--max-interfaces" => options with { MaxInterfaces = value },
        "--max-client-message" => options with { MaxClientMessageBytes = value },
        "--handshake-timeout" => options with { HandshakeTimeoutSeconds = value },
        "--idle-timeout" => options with { IdleTimeoutSeconds = value },
        "--max-header-bytes" => options with { MaxHeaderBytes = value },
        _ => options with { MaxRequestLineBytes = value },
    };

    private static bool IsListenAddress(string value) =>
        value is "*" || IPAddress.TryParse(value.Trim('[', ']'), out _)
        || (value.StartsWith(UnixPrefix, StringComparison.Ordinal) && value.Length > UnixPrefix.Length + 1 && value[UnixPrefix.Length] == '/');

    /// <summary>The <c>--listen</c> prefix of a unix socket path.</summary>
    public const string UnixPrefix = "unix:";

    /// <summary>A byte count with an optional binary suffix (K, M, G: KiB, MiB, GiB), e.g. <c>4M</c>; null when malformed.</summary>
    internal static long? ParseBytes(string value)
    {
        var multiplier = value.Length == 0 ? 1L : char.ToUpperInvariant(value[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 1L,
        };
        var digits = multiplier == 1 ? value : value[..^1];
        return digits.Length is > 0 and <= 10 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number * multiplier
            : null;
    }
}
