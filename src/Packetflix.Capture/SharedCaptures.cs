namespace Packetflix.Capture;

/// <summary>
/// The running captures that a new single-target session may join (docs/architecture.md, "Shared captures"): sessions
/// of the same namespace, interfaces and capture settings share one capture thread and one kernel ring per interface,
/// and each gets its own stream. A packet is read once, whatever the number of sessions; a session whose client falls
/// behind counts what it misses while the others go on. One per server.
/// </summary>
public sealed class SharedCaptures
{
    private readonly Dictionary<SharedCaptureKey, CaptureEngine> _running = [];
    private readonly Lock _lock = new();

    /// <summary>How many captures can be joined now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>The running capture that <paramref name="output"/> joined, or null when there is none to join (none runs
    /// with this key, or the one that did is ending).</summary>
    internal CaptureEngine? TryJoin(SharedCaptureKey key, CaptureOutput output)
    {
        lock (_lock)
        {
            if (!_running.TryGetValue(key, out var engine))
            {
                return null;
            }

            if (engine.TryJoin(output))
            {
                return engine;
            }

            _running.Remove(key);
            return null;
        }
    }

    /// <summary>A capture that was just started; it can be joined until it ends. Two sessions that start at the same moment
    /// may each start one: the later one is the one joined from then on, and both run correctly.</summary>
    internal void Add(SharedCaptureKey key, CaptureEngine engine)
    {
        lock (_lock)
        {
            _running[key] = engine;
        }

        _ = engine.Completion.ContinueWith(_ => Remove(key, engine), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Remove(SharedCaptureKey key, CaptureEngine engine)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(key, out var current) && ReferenceEquals(current, engine))
            {
                _running.Remove(key);
            }
        }
    }
}
