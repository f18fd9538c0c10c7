namespace Packetflix.Capture;

/// <summary>
/// The running captures that a new single-target session may join (docs/architecture.md, "Shared captures"): sessions
/// of the same namespace, interfaces and capture settings share one capture thread and one kernel ring per interface,
/// and each gets its own stream. A packet is read once, whatever the number of sessions; a session whose client falls
/// behind counts what it misses while the others go on. A session that asks while the capture for its key is still
/// being opened waits for it, so sessions that start together share too. One per server.
/// </summary>
public sealed class SharedCaptures
{
    private readonly Dictionary<SharedCaptureKey, Entry> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>How many captures can be joined now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Values.Count(e => e.Engine is not null);
            }
        }
    }

    /// <summary>Joins the running capture for <paramref name="key"/>, or waits while one is being opened, or (when there
    /// is none) makes the caller the one that opens it: it then reports with <see cref="Opened"/>, whatever happens.</summary>
    internal async Task<SharedCaptureClaim> ClaimAsync(SharedCaptureKey key, CaptureOutput output)
    {
        while (true)
        {
            Task opening;
            lock (_lock)
            {
                if (!_entries.TryGetValue(key, out var entry))
                {
                    var claim = new SharedCaptureClaim(null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    _entries[key] = new Entry(null, claim.Opening);
                    return claim;
                }

                if (entry.Engine is { } engine)
                {
                    if (engine.TryJoin(output))
                    {
                        return new SharedCaptureClaim(engine, null);
                    }

                    // Ending: no one joins it any more; the next session opens a new one.
                    _entries.Remove(key);
                    continue;
                }

                opening = entry.Opening!.Task;
            }

            await opening;
        }
    }

    /// <summary>The claimant opened <paramref name="engine"/> (joinable until it ends), or failed (null): the sessions that
    /// waited for it then try again, and one of them opens.</summary>
    internal void Opened(SharedCaptureKey key, SharedCaptureClaim claim, CaptureEngine? engine)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && ReferenceEquals(entry.Opening, claim.Opening))
            {
                if (engine is null)
                {
                    _entries.Remove(key);
                }
                else
                {
                    _entries[key] = new Entry(engine, null);
                }
            }
        }

        claim.Opening!.TrySetResult();
        if (engine is not null)
        {
            _ = engine.Completion.ContinueWith(_ => Remove(key, engine), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Remove(SharedCaptureKey key, CaptureEngine engine)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current.Engine, engine))
            {
                _entries.Remove(key);
            }
        }
    }

    /// <summary>A running capture, or one being opened (<see cref="Opening"/> completes when it is running or failed).</summary>
    private sealed record Entry(CaptureEngine? Engine, TaskCompletionSource? Opening);
}
