using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>deploy/compose/docker-compose.yaml: valid for Compose, and its security settings are the ones we test the image with.</summary>
public sealed class ComposeFileTests
{
    private static string ComposeFile => Path.Combine(DeploymentArtifacts.RepoRoot, "deploy/compose/docker-compose.yaml");

    [Fact(Timeout = 120_000)]
    public async Task ComposeConfig_File_ValidWithSecuritySettings()
    {
        Privileged.RequireTool("docker-compose");
        var ct = TestContext.Current.CancellationToken;
        // docker-compose (Debian's package) validates against the Compose schema and prints the resolved file.
        var config = await Shell.RunCheckedAsync("docker-compose", ["-f", ComposeFile, "config"], TimeSpan.FromSeconds(90), ct);
        var json = await Shell.RunCheckedAsync("/usr/bin/python3", ["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
            TimeSpan.FromSeconds(30), ct, System.Text.Encoding.UTF8.GetBytes(config.StdOut));
        using var doc = JsonDocument.Parse(json.StdOut);
        var services = doc.RootElement.GetProperty("services");
        var service = Assert.Single(services.EnumerateObject()).Value;
        Assert.Equal("host", service.GetProperty("network_mode").GetString());
        Assert.Equal("host", service.GetProperty("pid").GetString());
        Assert.Equal("65534:65534", service.GetProperty("user").GetString());
        Assert.True(service.GetProperty("read_only").GetBoolean());
        Assert.Equal(["ALL"], service.GetProperty("cap_drop").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(DeploymentArtifacts.DockerCapabilityList.Order(), service.GetProperty("cap_add").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Contains("apparmor:unconfined", service.GetProperty("security_opt").EnumerateArray().Select(e => e.GetString()));
        Assert.False(service.TryGetProperty("privileged", out _));
        Assert.False(service.TryGetProperty("ports", out _));
    }
}
