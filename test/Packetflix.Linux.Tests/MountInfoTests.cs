using System.Diagnostics;
using System.Text;

namespace Packetflix.Linux.Tests;

public class MountInfoTests
{
    private const string Sample = """
        22 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
        28 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
        612 30 0:4 net:[4026532320] /run/netns/pf-a rw shared:300 - nsfs nsfs rw
        613 30 0:4 net:[4026532401] /run/netns/with\040space rw shared:301 master:7 - nsfs nsfs rw
        614 30 0:4 mnt:[4026532500] /run/mntns/x rw - nsfs nsfs rw
        615 30 0:4 net:[4026532600] /run/docker/netns/back\134slash rw - nsfs nsfs rw
        616 30 0:4 / /run/not-a-namespace rw - nsfs nsfs rw
        617 30 8:1 /net:[1] /fake rw - ext4 /dev/vda rw
        """;

    [Fact]
    public void ParseNsfsMounts_Sample_ReturnsOnlyNsfsNamespaceMounts()
    {
        var mounts = MountInfo.ParseNsfsMounts(Sample).ToList();

        Assert.Equal(
            [
                new NsfsMount("/run/netns/pf-a", "net", 4026532320),
                new NsfsMount("/run/netns/with space", "net", 4026532401),
                new NsfsMount("/run/mntns/x", "mnt", 4026532500),
                new NsfsMount("/run/docker/netns/back\\slash", "net", 4026532600),
            ],
            mounts);
    }

    [Fact]
    public void ParseNsfsMounts_EmptyInput_ReturnsNothing()
    {
        Assert.Empty(MountInfo.ParseNsfsMounts(string.Empty));
    }

    [Fact]
    public void ParseNsfsMounts_TenThousandLines_IsFastAndComplete()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            if (i % 10 == 0)
            {
                builder.Append(i).Append(" 30 0:4 net:[").Append(4026530000 + i).Append("] /run/netns/ns").Append(i)
                    .Append(" rw,nosuid shared:").Append(i).Append(" - nsfs nsfs rw\n");
            }
            else
            {
                builder.Append(i).Append(" 28 0:").Append(i).Append(" / /var/lib/docker/overlay2/").Append(i)
                    .Append("/merged rw,relatime shared:").Append(i).Append(" - overlay overlay rw,lowerdir=/a:/b,upperdir=/c\n");
            }
        }

        var text = builder.ToString();
        _ = MountInfo.ParseNsfsMounts(text).Count();

        var stopwatch = Stopwatch.StartNew();
        var mounts = MountInfo.ParseNsfsMounts(text).ToList();
        stopwatch.Stop();

        Assert.Equal(1000, mounts.Count);
        Assert.Equal(new NsfsMount("/run/netns/ns9990", "net", 4026539990), mounts[^1]);

        // Generous bound for a 2-vCPU CI VM; the parser takes about a millisecond here.
        Assert.True(stopwatch.ElapsedMilliseconds < 500, $"took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void ParseNsfsMounts_OwnMountinfo_DoesNotThrow()
    {
        var mounts = MountInfo.ParseNsfsMounts(File.ReadAllText("/proc/self/mountinfo"));
        Assert.All(mounts, mount => Assert.NotEqual(0UL, mount.Inode));
    }
}
