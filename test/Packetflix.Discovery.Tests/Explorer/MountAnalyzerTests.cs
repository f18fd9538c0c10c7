using System.Diagnostics;
using System.Globalization;
using System.Text;
using Packetflix.Discovery.Explorer;
using Packetflix.Linux;

namespace Packetflix.Discovery.Tests.Explorer;

public sealed class MountAnalyzerTests
{
    private const string Sample = """
        21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        22 21 0:5 / /proc rw,nosuid,nodev,noexec shared:12 - proc proc rw
        23 21 0:6 / /data ro,relatime shared:1 - ext4 /dev/sda1 rw
        24 23 0:7 / /data/a rw master:12 propagate_from:12 - tmpfs under rw
        25 21 0:8 / /data rw unbindable - tmpfs over rw,size=10k
        26 25 0:9 / /data rw - tmpfs top rw
        27 21 0:10 / /with\040space rw - tmpfs x rw
        """;

    [Fact]
    public void Analyze_Sample_PropagationResolvedAndOvermountsMarked()
    {
        var mounts = MountAnalyzer.Analyze(MountTable.Parse(Sample, out var skipped)).ToDictionary(m => m.Id);

        Assert.Equal(0, skipped);
        Assert.Equal([23], mounts[21].Propagation.Peers);
        Assert.Equal([22], mounts[24].Propagation.Masters);
        Assert.Equal(12, mounts[24].Propagation.PropagateFrom);
        Assert.True(mounts[25].Propagation.Unbindable);
        Assert.True(mounts[23].ReadOnly);
        Assert.False(mounts[22].ReadOnly);

        // 23 at /data is covered by 25 and 26 on the same path (26 is topmost); 24 at /data/a by a later /data.
        Assert.Equal(26, mounts[23].HiddenBy);
        Assert.Equal(26, mounts[24].HiddenBy);
        Assert.Equal(26, mounts[25].HiddenBy);
        Assert.False(mounts[26].Hidden);
        Assert.False(mounts[21].Hidden);
        Assert.False(mounts[22].Hidden);
        Assert.Equal("/with space", mounts[27].MountPoint);
        Assert.Equal("rw,size=10k", mounts[25].SuperOptions);
    }

    [Fact]
    public void Parse_GarbageLines_SkippedAndCounted()
    {
        var mounts = MountTable.Parse("garbage\n21 1 8:1 / / rw - ext4 /dev/sda1 rw\nx y - z\n\n", out var skipped);

        Assert.Single(mounts);
        Assert.Equal(2, skipped);
    }

    [Fact]
    public void Analyze_TenThousandLines_FastAndComplete()
    {
        var text = new StringBuilder("1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n");
        for (var i = 2; i <= 10_000; i++)
        {
            var parent = i <= 100 ? 1 : (i % 100) + 1;
            text.Append(CultureInfo.InvariantCulture, $"{i} {parent} 0:{i} / /m/{i % 100}/d{i} rw shared:{i % 50} - tmpfs t{i} rw\n");
        }

        var watch = Stopwatch.StartNew();
        var mounts = MountAnalyzer.Analyze(MountTable.Parse(text.ToString(), out var skipped));
        watch.Stop();

        Assert.Equal(10_000, mounts.Count);
        Assert.Equal(0, skipped);

        // Milliseconds on a quiet machine; generous for a loaded shared 2-core one, where a quadratic overmount
        // search (10^8 path comparisons) still takes far longer.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }
}
