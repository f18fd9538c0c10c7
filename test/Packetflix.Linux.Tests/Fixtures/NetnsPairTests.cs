using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests.Fixtures;

public class NetnsPairTests
{
    [Fact(Timeout = 30000)]
    public async Task CreateAsync_VethPair_PingsBothWaysAndCleansUp()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        string pathA;
        string pathB;
        await using (var pair = await NetnsPair.CreateAsync(ct))
        {
            (pathA, pathB) = (pair.PathA, pair.PathB);
            Assert.Matches("^pf-[0-9a-f]{6}-a$", pair.NameA);
            Assert.NotEqual(pair.InodeA, pair.InodeB);

            await NetnsPair.PingAsync(pair.NameA, NetnsPair.AddressB, 2, ct);
            await NetnsPair.PingAsync(pair.NameB, NetnsPair.AddressA, 2, ct);
        }

        Assert.False(File.Exists(pathA));
        Assert.False(File.Exists(pathB));
    }

    [Fact(Timeout = 30000)]
    public async Task CreateAsync_VethPair_NoIpv6SoOnlyTestTraffic()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        foreach (var name in (string[])[pair.NameA, pair.NameB])
        {
            // No inet6 address at all: no link-local, hence no router solicitation, MLD or DAD frames.
            var addresses = await Shell.RunCheckedAsync("ip", ["-n", name, "-6", "-o", "addr", "show"], TimeSpan.FromSeconds(20), ct);
            Assert.Equal(string.Empty, addresses.StdOut.Trim());
        }
    }
}
