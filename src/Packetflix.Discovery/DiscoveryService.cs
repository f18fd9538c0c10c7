using Microsoft.Extensions.Logging;
using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Model;

namespace Packetflix.Discovery;

/// <summary>
/// The embedded discovery behind <c>/mobyshark</c>, <c>/json</c> and the capture refresh, with a warm cache:
/// <list type="bullet">
/// <item>A result is served as is for <see cref="FreshFor"/> after its discovery ended, or for as long as that
/// discovery took when it took longer: a host where one discovery takes seconds (thousands of namespaces) is then
/// not rediscovered back to back, and a cached answer stays a cached answer.</item>
/// <item>Otherwise one refresh runs (single flight): every caller arriving while it runs shares it. It runs under the
/// service's lifetime, not a caller's token, so a caller giving up never cancels it for the others.</item>
/// <item>While a refresh runs, a caller holding a previous result younger than <see cref="MaxStale"/> waits at most
/// <see cref="StaleWait"/> for it and is then answered with the previous result; a slow host never stalls the
/// clients for long. Without such a result (cold start, or older than <see cref="MaxStale"/>) callers wait for the
/// refresh, bounded by their own token.</item>
/// <item>A failed refresh keeps the previous result; callers without one get the exception.</item>
/// </list>
/// The age of a result (for <see cref="MaxStale"/> and <see cref="GetFreshAsync"/>) counts from the start of the
/// discovery that produced it.
/// </summary>
public sealed class DiscoveryService : IDisposable
{
    /// <summary>Results are served without a refresh for this long after their discovery ended (at least as long
    /// as that discovery took).</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    /// <summary>How long a caller with a usable previous result waits for a running refresh.</summary>
    public static readonly TimeSpan StaleWait = TimeSpan.FromMilliseconds(500);

    /// <summary>Results older than this are not served while a refresh is running.</summary>
    public static readonly TimeSpan MaxStale = TimeSpan.FromSeconds(30);

    private readonly IEngineSource _engines;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscoveryService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly Func<CancellationToken, Task<DiscoveryResult>> _discover;
    private DiscoveryResult? _current;
    private long _currentStarted;
    private long _currentEnded;
    private Task<DiscoveryResult>? _refresh;
    private int _discoveries;

    public DiscoveryService(IEngineSource engines, TimeProvider time, ILogger<DiscoveryService> logger)
        : this(engines, time, logger, null)
    {
    }

    /// <summary>For tests: <paramref name="discover"/> replaces the real pipeline.</summary>
    internal DiscoveryService(IEngineSource engines, TimeProvider time, ILogger<DiscoveryService> logger,
        Func<CancellationToken, Task<DiscoveryResult>>? discover)
    {
        _engines = engines;
        _time = time;
        _logger = logger;
        _discover = discover ?? (ct => DiscoveryPipeline.RunAsync(_engines, _time, _logger, ct));
    }

    /// <summary>How many discoveries have been started (for tests and metrics).</summary>
    public int Discoveries => Volatile.Read(ref _discoveries);

    /// <summary>Whether a discovery has completed at least once (the readiness probe asks).</summary>
    public bool HasResult
    {
        get
        {
            lock (_lock)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>The current discovery result, from the cache or a (shared) refresh.</summary>
    public async Task<DiscoveryResult> GetAsync(CancellationToken cancellationToken)
    {
        DiscoveryResult? previous;
        TimeSpan age;
        Task<DiscoveryResult> refresh;
        lock (_lock)
        {
            previous = _current;
            age = previous is null ? TimeSpan.MaxValue : _time.GetElapsedTime(_currentStarted);
            if (previous is not null && IsFresh())
            {
                return previous;
            }

            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = StartRefresh();
            }

            refresh = _refresh;
        }

        if (previous is null || age >= MaxStale)
        {
            return await refresh.WaitAsync(cancellationToken);
        }

        try
        {
            return await refresh.WaitAsync(StaleWait, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            DiscoveryLog.ServedStale(_logger, (long)age.TotalMilliseconds);
            return previous;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The refresh failed (and was logged): the previous result is still the best we have.
            return previous;
        }
    }

    /// <summary>A result of a discovery that started after this call (joining one if it is already running,
    /// else starting one): for callers that know the cache is outdated, e.g. a stale capture target.</summary>
    public async Task<DiscoveryResult> GetFreshAsync(CancellationToken cancellationToken)
    {
        var requested = _time.GetTimestamp();
        while (true)
        {
            Task<DiscoveryResult> refresh;
            lock (_lock)
            {
                if (_current is not null && _currentStarted >= requested)
                {
                    return _current;
                }

                if (_refresh is null || _refresh.IsCompleted)
                {
                    _refresh = StartRefresh();
                }

                refresh = _refresh;
            }

            // A refresh that started before our call may miss what changed: then one more round starts a new one.
            await refresh.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    // Called under _lock, with a current result: fresh for FreshFor after its discovery ended, or for as long as
    // that discovery took when it took longer.
    private bool IsFresh()
    {
        var took = _time.GetElapsedTime(_currentStarted, _currentEnded);
        return _time.GetElapsedTime(_currentEnded) < (took > FreshFor ? took : FreshFor);
    }

    // Called under _lock.
    private Task<DiscoveryResult> StartRefresh()
    {
        Interlocked.Increment(ref _discoveries);
        var started = _time.GetTimestamp();
        var token = _stopping.Token;
        var task = Task.Run(async () =>
        {
            try
            {
                var result = await _discover(token);
                lock (_lock)
                {
                    _current = result;
                    _currentStarted = started;
                    _currentEnded = _time.GetTimestamp();
                }

                DiscoveryMetrics.RunEnded(_time, started, succeeded: true);

                return result;
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                DiscoveryLog.DiscoveryFailed(_logger, e);
                DiscoveryMetrics.RunEnded(_time, started, succeeded: false);
                throw;
            }
        }, CancellationToken.None);

        // Callers that stopped waiting (stale answer, cancellation) must not leave a fault unobserved.
        _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task;
    }
}
