namespace Packetflix.Linux.Tests;

public class NamespaceInodeTests
{
    [Fact]
    public void TryGet_FdAndPath_AgreeWithSymlinkText()
    {
        using var fd = File.OpenHandle("/proc/self/ns/net");

        Assert.True(NamespaceInode.TryGet(fd, out var fromFd));
        Assert.True(NamespaceInode.TryGet("/proc/self/ns/net", out var fromPath));

        Assert.Equal(fromPath, fromFd);
        Assert.Equal($"net:[{fromPath}]", new FileInfo("/proc/self/ns/net").LinkTarget);
    }

    [Fact]
    public void TryGet_MissingPath_ReturnsFalse()
    {
        Assert.False(NamespaceInode.TryGet("/proc/does-not-exist/ns/net", out var inode));
        Assert.Equal(0UL, inode);
    }
}
