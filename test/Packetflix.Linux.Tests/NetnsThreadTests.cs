using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public class NetnsThreadTests
{
    [Fact(Timeout = 30000)]
    public async Task RunAsync_IpNetnsWithVeth_ListsOnlyItsInterfacesAndRestoresCaller()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        Assert.True(NamespaceInode.TryGet("/proc/thread-self/ns/net", out var before));
        using var netns = File.OpenHandle(pair.PathA);

        var (names, inside, threadName, poolThread) = await NetnsThread.RunAsync(netns, () =>
        {
            NamespaceInode.TryGet("/proc/thread-self/ns/net", out var current);
            return (NetworkInterfaceNames.ListCurrentNamespace(), current, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
        });

        Assert.Equal(["eth0", "lo"], names.Order(StringComparer.Ordinal));
        Assert.Equal(pair.InodeA, inside);
        Assert.Equal("pf-netns", threadName);
        Assert.False(poolThread);
        Assert.True(NamespaceInode.TryGet("/proc/thread-self/ns/net", out var after));
        Assert.Equal(before, after);
        Assert.NotEqual(pair.InodeA, after);
    }

    [Fact(Timeout = 30000)]
    public async Task RunAsync_ActionThrows_PropagatesException()
    {
        // setns into our own netns still needs CAP_SYS_ADMIN (setns(2)).
        Privileged.Require();
        using var ownNetns = File.OpenHandle("/proc/self/ns/net");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NetnsThread.RunAsync(ownNetns, () => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", error.Message);
    }

    [Fact(Timeout = 30000)]
    public async Task RunAsync_NotANamespaceFd_FailsWithErrno()
    {
        using var notNetns = File.OpenHandle("/proc/self/stat");
        var ran = false;

        var error = await Assert.ThrowsAsync<ErrnoException>(() => NetnsThread.RunAsync(notNetns, () => ran = true));

        Assert.Equal("setns", error.Syscall);
        Assert.Contains(error.Errno, (Errno[])[Errno.EINVAL, Errno.EPERM]);
        Assert.False(ran);
    }

    [Fact]
    public void ListCurrentNamespace_OwnNetns_ContainsLoopback()
    {
        Assert.Contains("lo", NetworkInterfaceNames.ListCurrentNamespace());
    }
}
