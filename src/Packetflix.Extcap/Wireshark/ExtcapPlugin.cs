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
            return _args.ReloadOption is { } option ? await ReloadAsync(nif, option, cancellationToken) : await ConfigAsync(nif, cancellationToken);
        }

        return await CaptureAsync(nif, cancellationToken);
    }

    private async Task<int> ConfigAsync(string nif, CancellationToken cancellationToken)
    {
        _out.Write(ExtcapConfigText.Config(nif));
        if (nif == ExtcapConfigText.MobyInterface && !string.IsNullOrWhiteSpace(_args.Value("dockerhosturl")))
        {
            // Wireshark passes the saved options to --extcap-config, so once the host is known the multicheck lists its
            // containers (without a host the output is exactly the plain config).
            await WriteMultiContainerValuesAsync(cancellationToken);
        }

        return 0;
    }

    /// <summary>The multicheck tree: the shown targets as checkable values, under a heading per engine prefix (nested
    /// engines) that cannot be checked itself.</summary>
    private async Task WriteMultiContainerValuesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var host = HostUrl.Parse(_args.Value("dockerhosturl") ?? string.Empty);
            var shown = (await DiscoveryClient.GetTargetsAsync(host, Connection(), cancellationToken)).Where(Show)
                .OrderBy(t => t.Prefix, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
            foreach (var group in shown.GroupBy(t => t.Prefix))
            {
                string? parent = null;
                if (group.Key.Length > 0)
                {
                    parent = "prefix:" + GoQuery.Escape(group.Key);
                    _out.Write(ExtcapConfigText.CheckValue(parent, group.Key, null, enabled: false));
                }

                foreach (var target in group)
                {
                    _out.Write(ExtcapConfigText.CheckValue(GoQuery.Escape(CaptureTargetJson.Serialize(target)), target.Name, parent, enabled: true));
                }
            }
        }
        catch (Exception ex) when (ex is ClientException or FormatException)
        {
            _error.WriteLine($"packetflix: {ex.Message}");
        }
    }

    private async Task<int> ReloadAsync(string nif, string option, CancellationToken cancellationToken)
    {
        if (nif != ExtcapConfigText.MobyInterface || option is not ("container" or "containers" or "nif"))
        {
            _error.WriteLine($"packetflix: unknown option \"{option}\" reload");
            return 0;
        }

        if (option == "containers")
        {
            await WriteMultiContainerValuesAsync(cancellationToken);
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

        var connection = Connection();
        if (_args.Value("containers") is { Length: > 0 } several)
        {
            // The multicheck (ours): Wireshark joins the checked values with commas; each is a Go-escaped Target JSON
            // (commas escaped), headings are no targets. Each target keeps its own interfaces (--nif belongs to --container).
            var checkedTargets = new List<CaptureTarget>();
            foreach (var value in several.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!value.StartsWith("prefix:", StringComparison.Ordinal))
                {
                    var one = UnpackContainer(value) ?? throw new ClientException($"--containers: invalid target \"{GoQuery.Unescape(value)}\"");
                    checkedTargets.Add(await CompleteAsync(host!, one, connection, cancellationToken));
                }
            }

            if (checkedTargets.Count == 0)
            {
                throw new ClientException("--containers: no container checked");
            }

            return (host!, Request(checkedTargets, [], _args.CaptureFilter, _args.Flag("noprom")), connection);
        }

        var target = UnpackContainer(_args.Value("container"))
            ?? throw new ClientException("--container information missing or invalid");
        target = await CompleteAsync(host!, target, connection, cancellationToken);
        var nifs = _args.Value("nif") is { Length: > 0 } nif ? nif.Split('/') : [];
        return (host!, Request([target], nifs, _args.CaptureFilter, _args.Flag("noprom")), connection);
    }

    /// <summary>docs/protocol.md §13 step 4: a target without interfaces and netns is looked up by (prefix, name) on the host.</summary>
    private static async Task<CaptureTarget> CompleteAsync(HostUrl host, CaptureTarget target, ConnectionOptions connection,
        CancellationToken cancellationToken)
    {
        if (target.NetworkInterfaces is { Count: > 0 } || target.Netns != 0)
        {
            return target;
        }

        var matches = (await DiscoveryClient.GetTargetsAsync(host, connection, cancellationToken))
            .Where(t => t.Name == target.Name && t.Prefix == target.Prefix).ToList();
        return matches.Count == 1 ? matches[0] : throw new ClientException($"non-existing target \"{target.Name}\"");
    }

    private async Task<(HostUrl, CaptureRequest, ConnectionOptions)> PacketflixRequestAsync(CancellationToken cancellationToken)
    {
        if (!PacketflixUrl.TryParse(_args.Value("url"), out var url, out var error))
        {
            throw new ClientException(error);
        }

        // docs/protocol.md §14 step 3: the URL's values override Wireshark's, including an absent filter.
        List<CaptureTarget> targets;
        if (url!.Targets is { } several)
        {
            // Ours: a multi-target link opens one capture of all its targets (docs/api.md, "Several targets").
            if (!CaptureTargetJson.TryParseArray(several, out var parsed, out var why) || parsed.Count == 0)
            {
                throw new ClientException($"invalid targets in the packetflix URL: {why ?? "no target"}");
            }

            targets = parsed;
        }
        else
        {
            targets = [UnpackContainer(url.Container) ?? throw new ClientException("--container information missing or invalid")];
        }

        var connection = LinkConnection(url.Host);
        try
        {
            // docs/protocol.md §14 step 5: the client-side refresh brings current netns/pid/starttime when exactly one target matches.
            var discovered = await DiscoveryClient.GetTargetsAsync(url.Host, connection, cancellationToken);
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                var matches = discovered.Where(t => t.Name == target.Name && t.Type == target.Type
                        && (string.IsNullOrEmpty(target.NodeName) || target.NodeName == t.NodeName)).ToList();
                if (matches.Count == 1)
                {
                    // A target's own interfaces and filter in a multi-target link stay as the link says.
                    matches[0].NetworkInterfaces = url.Targets is not null && target.NetworkInterfaces is { Count: > 0 } own
                        ? own : matches[0].NetworkInterfaces;
                    matches[0].Filter = target.Filter;
                    targets[i] = matches[0];
                }
            }
        }
        catch (ClientException)
        {
            // Discovery is optional here: the URL's own target description is used as is.
        }

        var nifs = url.Nif is { Length: > 0 } nif && url.Targets is null ? nif.Split('/') : [];
        return (url.Host, Request(targets, nifs, url.Filter, url.NoPromiscuous), connection);
    }

    private CaptureRequest Request(List<CaptureTarget> targets, string[] nifs, string? filter, bool noPromiscuous)
    {
        int? snap = null;
        if (_args.Value("snaplen") is { Length: > 0 } snapText)
        {
            snap = int.TryParse(snapText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                out var parsed) && parsed > 0 ? parsed : throw new ClientException($"invalid --snaplen \"{snapText}\"");
        }

        return (targets.Count == 1 ? new CaptureRequest { Target = targets[0] } : new CaptureRequest { Targets = targets }) with
        {
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

    /// <summary>The connection for a <c>packetflix:</c> link. Whoever wrote the link chose its host, so the token and
    /// client certificate saved in Wireshark's preferences go along only when that is the host they were saved with
    /// (the docker host URL, same scheme, host and port): a link to another host must not collect them.</summary>
    private ConnectionOptions LinkConnection(HostUrl linkHost)
    {
        var saved = Connection();
        return HostUrl.TryParse(_args.Value("dockerhosturl"), out var configured, out _) && configured!.BaseUri == linkHost.BaseUri
            ? saved
            : saved with { Token = null, ClientCertFile = null, ClientKeyFile = null };
    }

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
