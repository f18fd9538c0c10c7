using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>deploy/systemd/packetflix.service: systemd accepts it and it grants exactly the capability list.</summary>
public sealed class SystemdUnitTests
{
    private static string UnitFile => Path.Combine(DeploymentArtifacts.RepoRoot, "deploy/systemd/packetflix.service");

    [Fact(Timeout = 120_000)]
    public async Task Verify_Unit_NoWarnings()
    {
        Privileged.RequireTool("systemd-analyze");
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        // verify checks that ExecStart's program exists; the unit names the installed path, so point it at one that does.
        var unit = dir.File("packetflix.service");
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(UnitFile, ct))
            .Replace("ExecStart=/opt/packetflix/packetflix", "ExecStart=/bin/true", StringComparison.Ordinal), ct);
        var result = await Shell.RunAsync("systemd-analyze", ["verify", unit], TimeSpan.FromSeconds(90), ct);
        Assert.True(result.ExitCode == 0 && result.StdErr.Trim().Length == 0, $"systemd-analyze verify: {result.StdErr}");
    }

    [Theory]
    [InlineData("AmbientCapabilities")]
    [InlineData("CapabilityBoundingSet")]
    public void Unit_Capabilities_ExactlyTheList(string key)
    {
        var line = File.ReadLines(UnitFile).Single(l => l.StartsWith(key + "=", StringComparison.Ordinal));
        Assert.Equal(DeploymentArtifacts.CapabilityList.Select(c => c.ToUpperInvariant()).Order(),
            line[(key.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Theory]
    [InlineData("NoNewPrivileges=yes")]
    [InlineData("ProtectSystem=strict")]
    [InlineData("ProtectHome=yes")]
    [InlineData("PrivateTmp=yes")]
    [InlineData("StateDirectory=packetflix")]
    [InlineData("DynamicUser=yes")]
    public void Unit_Hardening_Present(string setting)
    {
        Assert.Contains(setting, File.ReadLines(UnitFile));
    }
}
