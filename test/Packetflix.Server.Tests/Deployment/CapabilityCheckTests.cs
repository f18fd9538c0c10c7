using Packetflix.Server.Hosting;

namespace Packetflix.Server.Tests.Deployment;

public sealed class CapabilityCheckTests
{
    private const string FullStatus = "Name:\tpacketflix\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n";

    [Fact]
    public void Missing_FullSet_None()
    {
        Assert.Empty(CapabilityCheck.Missing(FullStatus, "CapEff"));
    }

    [Fact]
    public void Missing_EmptySet_EveryRequiredOne()
    {
        var missing = CapabilityCheck.Missing(FullStatus.Replace("CapEff:\t000001ffffffffff", "CapEff:\t0000000000000000", StringComparison.Ordinal), "CapEff");
        Assert.Equal(CapabilityCheck.Required, missing);
    }

    [Fact]
    public void Missing_AllButNetRaw_OnlyNetRaw()
    {
        // Bit 13 (CAP_NET_RAW) cleared from the full mask.
        var status = FullStatus.Replace("CapBnd:\t000001ffffffffff", $"CapBnd:\t{0x1ffffffffffUL & ~(1UL << 13):x16}", StringComparison.Ordinal);
        var missing = Assert.Single(CapabilityCheck.Missing(status, "CapBnd"));
        Assert.Equal("CAP_NET_RAW", missing.Name);
        Assert.Empty(CapabilityCheck.Missing(status, "CapEff"));
    }

    [Fact]
    public void Missing_NoCapabilityLine_EveryRequiredOne()
    {
        Assert.Equal(CapabilityCheck.Required.Count, CapabilityCheck.Missing("Name:\tx\n", "CapEff").Count);
    }

    [Fact]
    public void Required_MatchesDeployList_SameCapabilities()
    {
        // The image, compose file, DaemonSet and unit grant deploy/container/capabilities.txt; the check must ask for exactly it.
        Assert.Equal(DeploymentArtifacts.CapabilityList.Order(),
            CapabilityCheck.Required.Select(c => c.Name.ToLowerInvariant()).Order());
    }

    [Fact]
    public void Describe_NamesCapabilityAndPurpose()
    {
        var line = CapabilityCheck.Describe(CapabilityCheck.Required[0]);
        Assert.Equal("packetflix: missing capability CAP_SYS_ADMIN, needed for setns(2) into other network namespaces", line);
    }
}
