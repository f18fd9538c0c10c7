using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public class NetnsHandleTests
{
    [Fact(Timeout = 30000)]
    public async Task Open_MatchingPidAndStartTime_OpensVerifiedHandle()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);

        var result = NetnsHandle.Open(container.NetnsInode, container.Pid, container.StartTime, new NetnsLocator());

        Assert.Equal(NetnsOpenStatus.Opened, result.Status);
        using var handle = result.Handle!;
        Assert.Equal(container.NetnsInode, handle.Inode);
        Assert.NotNull(handle.WatchPid);
        Assert.True(NamespaceInode.TryGet(handle.Handle, out var inode));
        Assert.Equal(container.NetnsInode, inode);
    }

    [Fact(Timeout = 30000)]
    public async Task Open_WrongStartTime_ReturnsProcessMismatch()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);

        var result = NetnsHandle.Open(container.NetnsInode, container.Pid, container.StartTime + 1, new NetnsLocator());

        Assert.Equal(new NetnsOpenResult(NetnsOpenStatus.ProcessMismatch, null), result);
    }

    [Fact(Timeout = 30000)]
    public async Task Open_PidWithZeroStartTime_ReturnsProcessMismatch()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);

        var result = NetnsHandle.Open(container.NetnsInode, container.Pid, 0, new NetnsLocator());

        Assert.Equal(NetnsOpenStatus.ProcessMismatch, result.Status);
    }

    [Fact(Timeout = 30000)]
    public async Task Open_ProcessGone_ReturnsProcessMismatch()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        await using var container = await FakeContainer.StartAsync(ct);
        await container.KillAsync();

        // The netns itself still exists (the pair's A), but the given process does not.
        var result = NetnsHandle.Open(pair.InodeA, container.Pid, container.StartTime, new NetnsLocator());

        Assert.Equal(NetnsOpenStatus.ProcessMismatch, result.Status);
    }

    [Fact(Timeout = 30000)]
    public async Task Open_IpNetnsWithoutPid_OpensBindMount()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);

        var result = NetnsHandle.Open(pair.InodeB, 0, 0, new NetnsLocator());

        Assert.Equal(NetnsOpenStatus.Opened, result.Status);
        using var handle = result.Handle!;
        Assert.Equal(pair.PathB, handle.Path);
        Assert.Null(handle.WatchPid);
    }

    [Fact]
    public void Open_UnknownInode_ReturnsNotFound()
    {
        Assert.Equal(new NetnsOpenResult(NetnsOpenStatus.NotFound, null), NetnsHandle.Open(1, 0, 0, new NetnsLocator()));
    }
}
