using Microsoft.Extensions.Logging;
using Packetflix.Discovery.Engines.Containerd;
using Packetflix.Discovery.Engines.Cri;
using Packetflix.Discovery.Engines.Docker;

namespace Packetflix.Discovery.Engines;

/// <summary>
/// Turns an engine process into started watchers: finds its listening API sockets (<see cref="EngineSockets"/>, plus the
/// engine's well-known path as a fallback) and probes them in sorted order: Docker API for dockerd and podman,
/// containerd's native Version then CRI Version on the same socket for containerd, CRI Version for CRI-O.
/// </summary>
internal sealed class EngineProber
{
    private static readonly Dictionary<string, string[]> WellKnownPaths = new(StringComparer.Ordinal)
    {
        ["dockerd"] = ["/run/docker.sock", "/var/run/docker.sock"],
        ["containerd"] = ["/run/containerd/containerd.sock"],
        ["crio"] = ["/run/crio/crio.sock", "/var/run/crio/crio.sock"],
        ["podman"] = ["/run/podman/podman.sock"],
    };

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public EngineProber(ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<EngineProber>();
        _timeProvider = timeProvider;
    }

    /// <summary>Started watchers for the engine; empty when none of its sockets answered (yet).</summary>
    public async Task<IReadOnlyList<EngineWatcher>> ProbeAsync(EngineCandidate candidate, CancellationToken cancellationToken)
    {
        var sockets = SocketsOf(candidate);
        EngineLog.Probing(_logger, candidate.Comm, candidate.Pid, string.Join(", ", sockets));
        IReadOnlyList<EngineWatcher> watchers = candidate.Comm switch
        {
            "dockerd" or "podman" => await ProbeDockerAsync(candidate, sockets, cancellationToken),
            "containerd" => await ProbeContainerdAsync(candidate, sockets, cancellationToken),
            "crio" => await ProbeCriOnlyAsync(candidate, sockets, cancellationToken),
            _ => [],
        };
        if (watchers.Count == 0)
        {
            EngineLog.NoApi(_logger, candidate.Comm, candidate.Pid, string.Join(", ", sockets));
        }

        foreach (var watcher in watchers)
        {
            EngineLog.EngineFound(_logger, watcher.Info.Type, watcher.Info.Id, watcher.Info.Pid, watcher.Info.Version, watcher.Info.ApiPath);
            watcher.Start();
        }

        return watchers;
    }

    private List<string> SocketsOf(EngineCandidate candidate)
    {
        var sockets = EngineSockets.Find(candidate.Pid).ToList();
        var root = $"/proc/{candidate.Pid}/root";
        // Fallback only: the engine's own listening sockets are the truth; a well-known path may belong to another engine.
        foreach (var path in sockets.Count > 0 ? [] : WellKnownPaths.GetValueOrDefault(candidate.Comm, []))
        {
            if (EngineSockets.ResolveInRoot(root, path) is { } reachable && !sockets.Contains(reachable))
            {
                sockets.Add(reachable);
            }
        }

        var usable = new List<string>();
        foreach (var socket in sockets)
        {
            if (UnixSocketHttp.IsUsablePath(socket))
            {
                usable.Add(socket);
            }
            else
            {
                EngineLog.PathTooLong(_logger, socket);
            }
        }

        return usable;
    }

    private async Task<IReadOnlyList<EngineWatcher>> ProbeDockerAsync(
        EngineCandidate candidate, List<string> sockets, CancellationToken cancellationToken)
    {
        // Ping every socket at once and take the first that answers: one silent socket (a metrics or plugin socket, a
        // hung listener) must not delay the real API by a whole timeout.
        var apis = sockets.Select(s => new DockerApi(s)).ToList();
        var pings = apis.ToDictionary(a => (Task<bool>)PingAsync(a, cancellationToken), a => a);
        DockerApi? found = null;
        while (found is null && pings.Count > 0)
        {
            var done = await Task.WhenAny(pings.Keys);
            var api = pings[done];
            pings.Remove(done);
            if (await done)
            {
                found = api;
            }
        }

        foreach (var api in apis.Where(a => a != found))
        {
            api.Dispose();
        }

        if (found is null)
        {
            return [];
        }

        // /_ping answered: this is the API. Version and id are nice to have; a broken reply does not hide the engine.
        var socket = found.SocketPath;
        var version = await OptionalAsync(() => found.VersionAsync(cancellationToken), socket, cancellationToken);
        var isPodman = candidate.Comm == "podman"
            || version?.Components?.Any(c => c.Name?.Contains("Podman", StringComparison.OrdinalIgnoreCase) == true) == true;
        var type = isPodman ? "podman" : "docker";
        // podman's /info is slow (Ghostwire #40/#41) and its id is not stable anyway.
        var info = isPodman ? null : await OptionalAsync(() => found.InfoAsync(cancellationToken), socket, cancellationToken);
        var id = info?.Id is { Length: > 0 } engineId ? engineId : $"{type}:{candidate.Pid}";
        var engine = new EngineInfo(id, type, version?.Version ?? "", socket, candidate.Pid, "");
        return [new DockerWatcher(engine, found, type, _loggerFactory.CreateLogger<DockerWatcher>(), _timeProvider)];
    }

    private async Task<bool> PingAsync(DockerApi api, CancellationToken cancellationToken)
    {
        try
        {
            return await api.PingAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            EngineLog.ProbeFailed(_logger, api.SocketPath, e.Message);
            return false;
        }
    }

    private async Task<IReadOnlyList<EngineWatcher>> ProbeContainerdAsync(
        EngineCandidate candidate, List<string> sockets, CancellationToken cancellationToken)
    {
        // containerd also listens on a ttrpc socket (shims); it does not speak gRPC.
        foreach (var socket in sockets.Where(s => !s.EndsWith(".ttrpc", StringComparison.Ordinal)))
        {
            var api = new ContainerdApi(socket, _timeProvider);
            string version;
            try
            {
                version = await api.VersionAsync(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                EngineLog.ProbeFailed(_logger, socket, e.Message);
                api.Dispose();
                continue;
            }

            var native = new EngineInfo($"containerd:{candidate.Pid}", "containerd", version, socket, candidate.Pid, "");
            var watchers = new List<EngineWatcher>
            {
                new ContainerdWatcher(native, api, _loggerFactory.CreateLogger<ContainerdWatcher>(), _timeProvider),
            };
            if (await TryCriAsync(candidate, socket, cancellationToken) is { } cri)
            {
                watchers.Add(cri);
            }

            return watchers;
        }

        return [];
    }

    private async Task<IReadOnlyList<EngineWatcher>> ProbeCriOnlyAsync(
        EngineCandidate candidate, List<string> sockets, CancellationToken cancellationToken)
    {
        foreach (var socket in sockets)
        {
            if (await TryCriAsync(candidate, socket, cancellationToken) is { } cri)
            {
                return [cri];
            }
        }

        return [];
    }

    private async Task<CriWatcher?> TryCriAsync(EngineCandidate candidate, string socket, CancellationToken cancellationToken)
    {
        var api = new CriApi(socket, _timeProvider);
        try
        {
            var version = await api.VersionAsync(cancellationToken);
            var engine = new EngineInfo($"cri:{candidate.Pid}", "cri", $"{version.RuntimeName} {version.RuntimeVersion}".Trim(), socket,
                candidate.Pid, "");
            return new CriWatcher(engine, api, _loggerFactory.CreateLogger<CriWatcher>(), _timeProvider);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            EngineLog.ProbeFailed(_logger, socket, e.Message);
            api.Dispose();
            return null;
        }
    }

    private async Task<T?> OptionalAsync<T>(Func<Task<T?>> call, string socket, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            EngineLog.ProbeFailed(_logger, socket, e.Message);
            return null;
        }
    }
}
