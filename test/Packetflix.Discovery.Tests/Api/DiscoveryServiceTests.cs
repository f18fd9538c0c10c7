using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Packetflix.Discovery.Model;

namespace Packetflix.Discovery.Tests.Api;

/// <summary>The warm cache: single flight, freshness, stale answers while a slow refresh runs.</summary>
public sealed class DiscoveryServiceTests
{
    private static DiscoveryResult Result(DateTimeOffset at) => new(at, "host", "Linux", [], []);

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_TwentyConcurrentCallers_OneDiscovery()
    {
        var ct = TestContext.Current.CancellationToken;
        var runs = 0;
        // Frozen time: a caller that a busy machine starts only after the discovery finished still finds it fresh, so
        // the test sees single flight and never the (correct) second discovery of a result older than FreshFor.
        var time = new FakeTimeProvider();
        using var service = new DiscoveryService(new FakeEngineSource(), time, NullLogger<DiscoveryService>.Instance,
            async token =>
            {
                Interlocked.Increment(ref runs);
                await Task.Delay(200, token);
                return Result(DateTimeOffset.UtcNow);
            });

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => service.GetAsync(ct), ct)));

        Assert.Equal(1, runs);
        Assert.Equal(1, service.Discoveries);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_WithinFreshFor_ServedFromCacheThenRefreshed()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        var runs = 0;
        using var service = new DiscoveryService(new FakeEngineSource(), time, NullLogger<DiscoveryService>.Instance,
            _ => Task.FromResult(Result(time.GetUtcNow().AddTicks(Interlocked.Increment(ref runs)))));

        var first = await service.GetAsync(ct);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Same(first, await service.GetAsync(ct));
        time.Advance(TimeSpan.FromSeconds(1));
        var third = await service.GetAsync(ct);

        Assert.NotSame(first, third);
        Assert.Equal(2, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_DiscoveryTookLongerThanFreshFor_FreshAsLongAsItTook()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        using var service = new DiscoveryService(new FakeEngineSource(), time, NullLogger<DiscoveryService>.Instance,
            async _ =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    await release.Task;
                }

                return Result(time.GetUtcNow());
            });

        // The first discovery takes 5 s; its result is then served as is for 5 s after it ended, not for FreshFor.
        var cold = service.GetAsync(ct);
        time.Advance(TimeSpan.FromSeconds(5));
        release.SetResult();
        var first = await cold.WaitAsync(TimeSpan.FromSeconds(10), ct);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Same(first, await service.GetAsync(ct));
        Assert.Equal(1, service.Discoveries);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotSame(first, await service.GetAsync(ct));
        Assert.Equal(2, runs);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_SlowRefresh_PreviousResultAfterStaleWait()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource<DiscoveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        using var service = new DiscoveryService(new FakeEngineSource(), time, NullLogger<DiscoveryService>.Instance,
            _ => Interlocked.Increment(ref runs) == 1 ? Task.FromResult(Result(time.GetUtcNow())) : release.Task);
        var first = await service.GetAsync(ct);
        time.Advance(TimeSpan.FromSeconds(5));

        // GetAsync starts the refresh and its stale-wait timer (on the fake clock) before it returns, so it is waiting
        // now, and only the clock's advance can end that wait.
        var waiting = service.GetAsync(ct);
        Assert.False(waiting.IsCompleted);
        time.Advance(DiscoveryService.StaleWait);

        Assert.Same(first, await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct));
        var second = Result(time.GetUtcNow());
        release.SetResult(second);
        Assert.Same(second, await service.GetAsync(ct));
        Assert.Equal(2, service.Discoveries);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_FailedRefreshWithoutPrevious_Throws()
    {
        var ct = TestContext.Current.CancellationToken;
        using var service = new DiscoveryService(new FakeEngineSource(), TimeProvider.System, NullLogger<DiscoveryService>.Instance,
            _ => Task.FromException<DiscoveryResult>(new InvalidOperationException("boom")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.GetAsync(ct));
    }
}
