using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Packetflix.Discovery.Engines;

/// <summary>
/// Keeps a warm portfolio of one engine's alive containers in the background. A watch session lists the containers and
/// then follows the engine's events (or polls); when a session fails, the old portfolio keeps being served while the
/// watcher retries with backoff. The engine going away is decided by the caller (its process vanished), which disposes
/// the watcher.
/// </summary>
internal abstract class EngineWatcher : IAsyncDisposable
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableDictionary<string, EngineContainer> _containers = ImmutableDictionary<string, EngineContainer>.Empty;
    private Task _run = Task.CompletedTask;

    protected EngineWatcher(EngineInfo info, string containerType, ILogger logger, TimeProvider timeProvider)
    {
        Info = info;
        ContainerType = containerType;
        Logger = logger;
        TimeProvider = timeProvider;
    }

    /// <summary>The engine (its <see cref="EngineInfo.Prefix"/> is filled in later by the caller).</summary>
    public EngineInfo Info { get; }

    /// <summary>Type of the containers it reports: <c>docker</c>, <c>podman</c>, <c>containerd</c> or <c>CRI</c>.</summary>
    public string ContainerType { get; }

    /// <summary>Completes after the first list, successful or not.</summary>
    public Task FirstSync => _firstSync.Task;

    public IReadOnlyCollection<EngineContainer> Containers => [.. Volatile.Read(ref _containers).Values];

    protected ILogger Logger { get; }

    protected TimeProvider TimeProvider { get; }

    public void Start()
    {
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        DisposeResources();
        _stop.Dispose();
        _firstSync.TrySetResult();
        GC.SuppressFinalize(this);
    }

    /// <summary>One watch session: list, call <see cref="MarkSynced"/>, then follow changes until the stream ends or fails.</summary>
    protected abstract Task WatchAsync(CancellationToken cancellationToken);

    protected abstract void DisposeResources();

    protected void MarkSynced()
    {
        EngineLog.Synced(Logger, Info.Type, Info.Id, Volatile.Read(ref _containers).Count);
        _firstSync.TrySetResult();
    }

    /// <summary>Replaces the entries whose key starts with <paramref name="scope"/> ("" = all).</summary>
    protected void ReplaceScope(string scope, IEnumerable<EngineContainer> containers)
    {
        var builder = scope.Length == 0
            ? ImmutableDictionary.CreateBuilder<string, EngineContainer>()
            : Volatile.Read(ref _containers).Where(c => !c.Key.StartsWith(scope, StringComparison.Ordinal)).ToImmutableDictionary().ToBuilder();
        foreach (var container in containers)
        {
            builder[container.Key] = container;
        }

        Volatile.Write(ref _containers, builder.ToImmutable());
    }

    protected void Upsert(EngineContainer container) =>
        Volatile.Write(ref _containers, Volatile.Read(ref _containers).SetItem(container.Key, container));

    protected void Remove(string key) => Volatile.Write(ref _containers, Volatile.Read(ref _containers).Remove(key));

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = TimeProvider.GetTimestamp();
            string reason;
            try
            {
                await WatchAsync(cancellationToken);
                reason = "event stream ended";
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested
                && e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
            {
                // Shutting down: gRPC reports our own cancellation as an RpcException, which is no failure.
                return;
            }
            catch (Exception e)
            {
                // Engines die, restart and answer garbage: all expected here, reported and retried, never fatal.
                reason = $"{e.GetType().Name}: {e.Message}";
            }

            // A failed first list still counts as "synced": the engine is reported, with what we have (nothing).
            _firstSync.TrySetResult();
            if (TimeProvider.GetElapsedTime(started) > MaxBackoff * 2)
            {
                backoff = MinBackoff;
            }

            EngineLog.WatchFailed(Logger, Info.Type, Info.Id, backoff, reason);
            await Task.Delay(backoff, TimeProvider, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
