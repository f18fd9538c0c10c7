using Microsoft.Win32.SafeHandles;
using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public sealed class NamespaceBatchTests
{
    // What an action saw: the netns it ran in, and on what kind of thread.
    private sealed record Visit(ulong Netns, string? ThreadName, bool PoolThread);

    private static Visit Look(string _)
    {
        Assert.True(NamespaceInode.TryGet("/proc/thread-self/ns/net", out var current));
        return new Visit(current, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunEachAsync_TwoNetnsAndAGoneOne_EachResultFromItsNetnsAndGoneIsNull()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        Assert.True(NamespaceInode.TryGet("/proc/thread-self/ns/net", out var before));
        string[] items = [pair.PathA, "/run/netns/pf-gone-" + Guid.NewGuid().ToString("N"), pair.PathB, pair.PathA, pair.PathB];

        // One thread: it must go from A to B and back without switching home in between.
        var one = await NamespaceBatch.RunEachAsync(items, NamespaceType.Net, NamespaceFile.TryOpen, Look, 1, ct);
        var two = await NamespaceBatch.RunEachAsync(items, NamespaceType.Net, NamespaceFile.TryOpen, Look, 2, ct);

        foreach (var results in (Visit?[][])[one, two])
        {
            Assert.Equal([pair.InodeA, 0, pair.InodeB, pair.InodeA, pair.InodeB], results.Select(v => v?.Netns ?? 0));
            Assert.All(results.OfType<Visit>(), v => Assert.Equal("pf-netns", v.ThreadName));
            Assert.All(results.OfType<Visit>(), v => Assert.False(v.PoolThread));
        }

        Assert.True(NamespaceInode.TryGet("/proc/thread-self/ns/net", out var after));
        Assert.Equal(before, after);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunEachAsync_NotANamespaceFd_NullAndActionNotRun()
    {
        var ran = 0;
        var results = await NamespaceBatch.RunEachAsync(["/proc/self/stat"], NamespaceType.Net, NamespaceFile.TryOpen,
            _ => Interlocked.Increment(ref ran).ToString(System.Globalization.CultureInfo.InvariantCulture), 2,
            TestContext.Current.CancellationToken);

        Assert.Null(Assert.Single(results));
        Assert.Equal(0, ran);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunEachAsync_ActionThrows_TaskFaultsWithIt()
    {
        // setns into our own netns still needs CAP_SYS_ADMIN (setns(2)).
        Privileged.Require();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NamespaceBatch.RunEachAsync(
            ["/proc/self/ns/net", "/proc/self/ns/net"], NamespaceType.Net, NamespaceFile.TryOpen,
            new Func<string, string?>(_ => throw new InvalidOperationException("boom")), 2,
            TestContext.Current.CancellationToken));

        Assert.Equal("boom", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunEachAsync_Canceled_TaskCanceledAndNothingOpened()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        var opened = 0;
        SafeFileHandle? Open(string path)
        {
            Interlocked.Increment(ref opened);
            return NamespaceFile.TryOpen(path);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NamespaceBatch.RunEachAsync(
            ["/proc/self/ns/net"], NamespaceType.Net, Open, Look, 2, canceled.Token));
        Assert.Equal(0, opened);
    }

    [Fact]
    public void RunEachAsync_MountNamespace_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            _ = NamespaceBatch.RunEachAsync(["/proc/self/ns/mnt"], NamespaceType.Mnt, NamespaceFile.TryOpen, Look, 1,
                CancellationToken.None);
        });
    }
}
