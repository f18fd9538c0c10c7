using Packetflix.Core;
using Packetflix.Core.Targets;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Wireshark;

/// <summary>The Wireshark extcap actions (docs/protocol.md §11): interfaces, DLTs, config (and reload), capture, version.</summary>
internal sealed class ExtcapPlugin
{
    private readonly ExtcapArguments _args;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public ExtcapPlugin(ExtcapArguments args, TextWriter output, TextWriter error)
    {
        _args = args;
        _out = output;
        _error = error;
    }

    private static readonly string[] Actions = ["extcap-interfaces", "extcap-dlts", "extcap-config", "capture"];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var actions = Actions.Count(_args.Flag);
        if (actions > 1)
        {
            return Fail("--extcap-interfaces, --extcap-dlts, --extcap-config and --capture are mutually exclusive");
        }

        if (_args.Flag("extcap-interfaces"))
        {
            _out.Write(ExtcapConfigText.Interfaces());
            return 0;
        }

        if (actions == 0)
        {
            if (_args.Has("extcap-version"))
            {
                _out.WriteLine($"{PacketflixVersion.Name}-extcap {PacketflixVersion.Version}");
                return 0;
            }

            return Fail("no extcap action given (--extcap-interfaces, --extcap-dlts, --extcap-config or --capture)");
        }

        var nif = _args.Interface;
        if (string.IsNullOrEmpty(nif))
        {
            return Fail("missing --extcap-interface");
        }

        if (nif is not (ExtcapConfigText.MobyInterface or ExtcapConfigText.PacketflixInterface))
        {
            return Fail($"unknown --extcap-interface \"{nif}\"");
        }

        if (_args.Flag("extcap-dlts"))
        {
            _out.Write(ExtcapConfigText.Dlts());
            return 0;
        }

        if (_args.Flag("extcap-config"))
        {
            return _args.ReloadOption is { } option ? await ReloadAsync(nif, option, cancellationToken) : Config(nif);
        }

        return await CaptureAsync(nif, cancellationToken);
    }

    private int Config(string nif)
    {
        _out.Write(ExtcapConfigText.Config(nif));
        return 0;
    }

    private async Task<int> ReloadAsync(string nif, string option, CancellationToken cancellationToken)
    {
        if (nif != ExtcapConfigText.MobyInterface || option is not ("container" or "nif"))
        {
            _error.WriteLine($"packetflix: unknown option \"{option}\" reload");
            return 0;
        }

        if (option == "nif")
        {
            _out.Write(ExtcapConfigText.AnyNifValue);
            if (UnpackContainer(_args.Value("container")) is not { } target)
            {
                _error.WriteLine("packetflix: --container information missing or invalid");
                return 0;
            }

            foreach (var name in (target.NetworkInterfaces ?? []).Order(StringComparer.Ordinal))
            {
                _out.Write(ExtcapConfigText.Value(ExtcapConfigText.NifsArg, name, name));
            }

            return 0;
        }

        try
        {
            var host = HostUrl.Parse(_args.Value("dockerhosturl") ?? string.Empty);
            var targets = await DiscoveryClient.GetTargetsAsync(host, Connection(), cancellationToken);
            var shown = targets.Where(Show).Select(t => (Display: t.Prefix.Length > 0 ? $"{t.Prefix}:{t.Name}" : t.Name, Target: t))
                .OrderBy(t => t.Display, StringComparer.Ordinal);
            foreach (var (display, target) in shown)
            {
                _out.Write(ExtcapConfigText.Value(ExtcapConfigText.ContainersArg, GoQuery.Escape(CaptureTargetJson.Serialize(target)), display));
            }
        }
        catch (Exception ex) when (ex is ClientException or FormatException)
        {
            _error.WriteLine($"packetflix: {ex.Message}");
        }

        return 0;
    }

    private bool Show(CaptureTarget target) => target.Type switch
    {
        "pod" => _args.Flag("showpods"),
        "proc" => _args.Flag("showprocs"),
        "bindmount" => _args.Flag("showemptynetns"),
        _ => _args.Flag("showcontainers"),
    };

    private async Task<int> CaptureAsync(string nif, CancellationToken cancellationToken)
    {
        var fifoPath = _args.Fifo;
        if (string.IsNullOrEmpty(fifoPath))
        {
            return Fail("missing --fifo");
        }

        FileStream fifo;
        try
        {
            fifo = new FileStream(fifoPath, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write, BufferSize = 0 });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot open fifo \"{fifoPath}\": {ex.Message}");
        }

        await using (fifo)
        {
            try
            {
                var (host, request, connection) = nif == ExtcapConfigText.MobyInterface
                    ? await MobyRequestAsync(cancellationToken)
                    : await PacketflixRequestAsync(cancellationToken);
                using var stop = new StopController();
                stop.HandleSignals();
                var session = new CaptureConnection(host, request, connection, new PcapngBlockSink(fifo), stop);
                var outcome = await session.RunAsync();
                if (outcome.ExitCode != 0)
                {
                    _error.WriteLine($"packetflix: {outcome.Message}");
                }

                return outcome.ExitCode;
            }
            catch (ClientException ex)
            {
                return Fail(ex.Message);
            }
        }
    }

    private async Task<(HostUrl, CaptureRequest, ConnectionOptions)> MobyRequestAsync(CancellationToken cancellationToken)
    {
        if (!HostUrl.TryParse(_args.Value("dockerhosturl"), out var host, out var error))
        {
            throw new ClientException($"--dockerhosturl: {error}");
        }

        var target = UnpackContainer(_args.Value("container"))
            ?? throw new ClientException("--container information missing or invalid");
        var connection = Connection();
        if (target.NetworkInterfaces is not { Count: > 0 } && target.Netns == 0)
        {
            // docs/protocol.md §13 step 4: a target without interfaces is looked up by (prefix, name) on the host.
            var matches = (await DiscoveryClient.GetTargetsAsync(host!, connection, cancellationToken))
                .Where(t => t.Name == target.Name && t.Prefix == target.Prefix).ToList();
            target = matches.Count == 1 ? matches[0] : throw new ClientException($"non-existing target \"{target.Name}\"");
        }

        var nifs = _args.Value("nif") is { Length: > 0 } nif ? nif.Split('/') : [];
        return (host!, Request(target, nifs, _args.CaptureFilter, _args.Flag("noprom")), connection);
    }

    private async Task<(HostUrl, CaptureRequest, ConnectionOptions)> PacketflixRequestAsync(CancellationToken cancellationToken)
    {
        if (!PacketflixUrl.TryParse(_args.Value("url"), out var url, out var error))
        {
            throw new ClientException(error);
        }

        // docs/protocol.md §14 step 3: the URL's values override Wireshark's, including an absent filter.
        var target = UnpackContainer(url!.Container) ?? throw new ClientException("--container information missing or invalid");
        var connection = Connection();
        try
        {
            // docs/protocol.md §14 step 5: the client-side refresh brings current netns/pid/starttime when exactly one target matches.
            var matches = (await DiscoveryClient.GetTargetsAsync(url.Host, connection, cancellationToken))
                .Where(t => t.Name == target.Name && t.Type == target.Type
                    && (string.IsNullOrEmpty(target.NodeName) || target.NodeName == t.NodeName))
                .ToList();
            if (matches.Count == 1)
            {
                target = matches[0];
            }
        }
        catch (ClientException)
        {
            // Discovery is optional here: the URL's own target description is used as is.
        }

        var nifs = url.Nif is { Length: > 0 } nif ? nif.Split('/') : [];
        return (url.Host, Request(target, nifs, url.Filter, url.NoPromiscuous), connection);
    }

    private CaptureRequest Request(CaptureTarget target, string[] nifs, string? filter, bool noPromiscuous)
    {
        int? snap = null;
        if (_args.Value("snaplen") is { Length: > 0 } snapText)
        {
            snap = int.TryParse(snapText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                out var parsed) && parsed > 0 ? parsed : throw new ClientException($"invalid --snaplen \"{snapText}\"");
        }

        return new CaptureRequest
        {
            Target = target,
            Interfaces = nifs,
            Filter = filter,
            NoPromiscuous = noPromiscuous,
            SnapLength = snap,
        };
    }

    private ConnectionOptions Connection() => new()
    {
        Token = ConnectionOptions.ResolveToken(_args.Value("token"), _args.Value("token-file")),
        Insecure = _args.Flag("insecure"),
        CaFile = ConnectionOptions.NonEmpty(_args.Value("ca-file")),
        Pin = ConnectionOptions.ParsePin(_args.Value("tls-fingerprint")),
        ClientCertFile = ConnectionOptions.NonEmpty(_args.Value("tls-client-cert")),
        ClientKeyFile = ConnectionOptions.NonEmpty(_args.Value("tls-client-key")),
        ProxyOff = _args.Flag("proxyoff"),
        HttpProxy = _args.Value("httpproxy"),
        HttpsProxy = _args.Value("httpsproxy"),
        NoProxy = _args.Value("noproxy"),
    };

    private static CaptureTarget? UnpackContainer(string? container)
    {
        if (string.IsNullOrEmpty(container))
        {
            return null;
        }

        return CaptureTargetJson.TryParse(GoQuery.Unescape(container), out var target, out _) ? target : null;
    }

    private int Fail(string message)
    {
        _error.WriteLine($"packetflix: {message}");
        return 1;
    }
}
