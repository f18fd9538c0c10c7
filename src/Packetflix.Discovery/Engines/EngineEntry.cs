namespace Packetflix.Discovery.Engines;

/// <summary>One engine process being probed or watched.</summary>
internal sealed class EngineEntry : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;

    public EngineEntry(EngineCandidate candidate, DateTimeOffset found, Func<CancellationToken, Task<IReadOnlyList<EngineWatcher>>> probe,
        CancellationToken stopping)
    {
        Candidate = candidate;
        Found = found;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var token = _stop.Token;
        Detection = Task.Run(() => probe(token), token);
        Ready = ReadyAsync();
    }

    public EngineCandidate Candidate { get; }

    public DateTimeOffset Found { get; }

    /// <summary>The started watchers (none when no socket answered); never faults.</summary>
    public Task<IReadOnlyList<EngineWatcher>> Detection { get; }

    /// <summary>Completes when detection and every watcher's first sync are done.</summary>
    public Task Ready { get; }

    /// <summary>The watchers if detection finished, else none (yet).</summary>
    public IReadOnlyList<EngineWatcher> Watchers => Detection.IsCompletedSuccessfully ? Detection.Result : [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Detection;
        }
        catch (OperationCanceledException)
        {
            // Stopped while probing.
        }

        foreach (var watcher in Watchers)
        {
            await watcher.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task ReadyAsync()
    {
        try
        {
            var watchers = await Detection;
            await Task.WhenAll(watchers.Select(w => w.FirstSync));
        }
        catch (OperationCanceledException)
        {
            // Stopped while probing: nothing to wait for.
        }
    }
}
