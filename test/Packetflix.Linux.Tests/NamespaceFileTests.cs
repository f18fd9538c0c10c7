using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public sealed class NamespaceFileTests
{
    [Fact]
    public void TryOpen_ProcNamespaceLink_OpenedWithItsInode()
    {
        Assert.True(NamespaceInode.TryGet("/proc/self/ns/net", out var expected));

        using var fd = NamespaceFile.TryOpen("/proc/self/ns/net");

        Assert.NotNull(fd);
        Assert.True(NamespaceFile.TryGetInode(fd, out var inode));
        Assert.Equal(expected, inode);
    }

    [Fact(Timeout = 30_000)]
    public async Task TryOpen_FifoOrRegularFileWhereAMountPointWas_NullAtOnce()
    {
        // What a container can leave at the mount point of a namespace it bind-mounted: a plain open of a FIFO without
        // a writer blocks for ever, and would have hung discovery.
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await Shell.RunCheckedAsync("mkfifo", [dir.File("ns")], TimeSpan.FromSeconds(10), ct);
        await File.WriteAllTextAsync(dir.File("plain"), "x", ct);

        Assert.Null(await Task.Run(() => NamespaceFile.TryOpen(dir.File("ns")), ct));
        Assert.Null(NamespaceFile.TryOpen(dir.File("plain")));
        Assert.Null(NamespaceFile.TryOpen(dir.File("missing")));
    }
}
