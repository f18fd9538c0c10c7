using System.Text;
using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public sealed class ProcFileTests
{
    [Fact]
    public void NamespaceLinkInode_OwnNetns_SameAsFstat()
    {
        Assert.True(NamespaceInode.TryGet("/proc/self/ns/net", out var expected));
        Assert.Equal(expected, ProcFile.NamespaceLinkInode("/proc/self/ns/net"));
    }

    [Fact]
    public void NamespaceLinkInode_GoneOrNotANamespaceLink_Zero()
    {
        Assert.Equal(0UL, ProcFile.NamespaceLinkInode("/proc/self/ns/pf-none"));
        Assert.Equal(0UL, ProcFile.NamespaceLinkInode("/proc/self/exe"));
    }

    [Fact]
    public void Read_FileLongerThanBuffer_FillsBufferAndShortFileWhole()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "f");
        File.WriteAllText(path, "0123456789");

        Span<byte> small = stackalloc byte[4];
        Assert.Equal(4, ProcFile.Read(path, small));
        Assert.Equal("0123", Encoding.ASCII.GetString(small));
        Span<byte> large = stackalloc byte[64];
        Assert.Equal(10, ProcFile.Read(path, large));
    }

    [Fact]
    public void Read_MissingOrPathTooLong_MinusOne()
    {
        Span<byte> buffer = stackalloc byte[16];
        Assert.Equal(-1, ProcFile.Read("/proc/self/pf-none", buffer));
        Assert.Equal(-1, ProcFile.Read("/" + new string('a', 300), buffer));
    }
}
