using Microsoft.Extensions.Logging;
using Packetflix.Linux;

namespace Packetflix.Discovery.Engines;

/// <summary>
/// Finds container engines among the host's processes (also engines inside containers), keeps a warm watcher per engine
/// and reports their containers. Engines whose process vanished are dropped; new engine processes are probed on the
/// next call. A call waits at most <see cref="FirstSyncBudget"/> for engines it has just found and never for a socket
/// that does not answer: probes and watchers run in the background with their own timeouts.
/// </summary>
public sealed class EngineDiscovery : IEngineSource, IAsyncDisposable
{
    public static readonly TimeSpan FirstSyncBudget = TimeSpan.FromSeconds(2);

    /// <summary>An engine process none of whose sockets answered (dockerd still starting) is probed again after this.</summary>
    public static readonly TimeSpan ReprobeInterval = TimeSpan.FromSeconds(2);

    private static readonly HashSet<string> EngineComms = new(StringComparer.Ordinal) { "dockerd", "containerd", "crio", "podman" };

    private readonly EngineProber _prober;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<EngineCandidate, EngineEntry> _entries = [];
    private bool _disposed;

    public EngineDiscovery(ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _prober = new EngineProber(loggerFactory, timeProvider);
        _logger = loggerFactory.CreateLogger<EngineDiscovery>();
        _timeProvider = timeProvider;
    }

    public async Task<EngineSnapshot> GetAsync(ProcessTable processes, CancellationToken cancellationToken)
    {
        var candidates = processes.ByPid.Values
            .Where(p => EngineComms.Contains(p.Comm))
            .Select(p => new EngineCandidate(p.Pid, p.StartTime, p.Comm))
            .ToHashSet();
        var gone = new List<EngineEntry>();
        var fresh = new List<EngineEntry>();
        var reprobed = new HashSet<EngineCandidate>();
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var (candidate, entry) in _entries)
            {
                var undetected = entry.Detection.IsCompleted && entry.Watchers.Count == 0 && now - entry.Found >= ReprobeInterval;
                if (!candidates.Contains(candidate) || undetected)
                {
                    gone.Add(entry);
                }

                if (undetected)
                {
                    reprobed.Add(candidate);
                }
            }

            foreach (var entry in gone)
            {
                _entries.Remove(entry.Candidate);
            }

            foreach (var candidate in candidates)
            {
                if (!_entries.ContainsKey(candidate) && IsEngine(candidate))
                {
                    var entry = new EngineEntry(candidate, now, token => _prober.ProbeAsync(candidate, token), _stop.Token);
                    _entries[candidate] = entry;
                    // Only engines seen for the first time are waited for; a re-probe runs in the background.
                    if (!reprobed.Contains(candidate))
                    {
                        fresh.Add(entry);
                    }
                }
            }
        }

        foreach (var entry in gone)
        {
            _ = DropAsync(entry);
        }

        if (fresh.Count > 0)
        {
            try
            {
                await Task.WhenAll(fresh.Select(e => e.Ready)).WaitAsync(FirstSyncBudget, _timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Slow or silent engines: report what is there; they keep syncing in the background.
            }
        }

        List<EngineWatcher> watchers;
        lock (_lock)
        {
            watchers = [.. _entries.Values.SelectMany(e => e.Watchers)];
        }

        return EngineStacker.Build(processes, watchers);
    }

    public async ValueTask DisposeAsync()
    {
        List<EngineEntry> entries;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        await _stop.CancelAsync();
        foreach (var entry in entries)
        {
            await entry.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>podman is an engine only as <c>podman system service</c>; other podman processes are CLI calls.</summary>
    private static bool IsEngine(EngineCandidate candidate)
    {
        if (candidate.Comm != "podman")
        {
            return true;
        }

        try
        {
            var args = File.ReadAllText($"/proc/{candidate.Pid}/cmdline").Split('\0');
            return args.Contains("system", StringComparer.Ordinal) && args.Contains("service", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task DropAsync(EngineEntry entry)
    {
        foreach (var watcher in entry.Watchers)
        {
            EngineLog.EngineGone(_logger, watcher.Info.Type, watcher.Info.Id, watcher.Info.Pid);
        }

        await entry.DisposeAsync();
    }
}
