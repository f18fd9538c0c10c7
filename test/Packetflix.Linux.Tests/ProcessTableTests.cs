using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public sealed class ProcessTableTests
{
    [Fact]
    public void Scan_OwnProcess_IdentityAndNamespaces()
    {
        var table = ProcessTable.Scan();
        var self = table.Get(Environment.ProcessId);
        Assert.NotNull(self);
        Assert.True(ProcStat.TryReadStartTime(Environment.ProcessId, out var startTime));
        Assert.Equal(startTime, self.StartTime);
        Assert.True(NamespaceInode.TryGet("/proc/self/ns/net", out var netns));
        Assert.Equal(netns, self.NetnsInode);
        Assert.NotEqual(0UL, self.MntnsInode);
        Assert.Equal(Environment.ProcessId, self.NsPids[0]);
        Assert.Contains(table.Children(self.PPid), p => p.Pid == Environment.ProcessId);
    }

    [Fact(Timeout = 30_000)]
    public async Task Scan_UnsharedContainer_NestedPidAndOwnNetns()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        var process = ProcessTable.Scan().Get(container.Pid);
        Assert.NotNull(process);
        Assert.Equal(container.NetnsInode, process.NetnsInode);
        Assert.Equal(container.StartTime, process.StartTime);
        Assert.Equal("sleep", process.Comm);
        // unshare --pid makes the container's process PID 1 of its own PID namespace.
        Assert.Equal([container.Pid, 1], process.NsPids);
    }

    [Fact]
    public void TryRead_CommWithSpacesAndParens_Parsed()
    {
        using var dir = new TempDirectory();
        var proc = Path.Combine(dir.Path, "42");
        Directory.CreateDirectory(proc);
        File.WriteAllText(Path.Combine(proc, "stat"),
            "42 (a b) c)) S 7 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 123456 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
        File.WriteAllText(Path.Combine(proc, "status"), "Name:\tx\nNSpid:\t42\t7\t1\n");
        var info = ProcessTable.TryRead(proc, 42);
        Assert.NotNull(info);
        Assert.Equal("a b) c)", info.Comm);
        Assert.Equal(7, info.PPid);
        Assert.Equal(123456UL, info.StartTime);
        Assert.Equal([42, 7, 1], info.NsPids);
        Assert.Equal(0UL, info.NetnsInode);
    }
}
