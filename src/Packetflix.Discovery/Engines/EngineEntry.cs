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
        Detection = Task.Run(() => DetectAsync(probe, token), CancellationToken.None);
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
        await Detection;
        foreach (var watcher in Watchers)
        {
            await watcher.DisposeAsync();
        }

        _stop.Dispose();
    }

    private static async Task<IReadOnlyList<EngineWatcher>> DetectAsync(
        Func<CancellationToken, Task<IReadOnlyList<EngineWatcher>>> probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe(cancellationToken);
        }
        catch (Exception)
        {
            // Stopped while probing (gRPC reports that as RpcException Cancelled), or an engine that broke the probe:
            // either way no watcher; an undetected engine is probed again later.
            return [];
        }
    }

    private async Task ReadyAsync()
    {
        var watchers = await Detection;
        await Task.WhenAll(watchers.Select(w => w.FirstSync));
    }
}
