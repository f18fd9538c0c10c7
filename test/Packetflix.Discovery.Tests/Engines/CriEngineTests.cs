using Packetflix.Discovery.Engines.Cri;
using static Packetflix.Discovery.Tests.Engines.EngineTestHelpers;

namespace Packetflix.Discovery.Tests.Engines;

/// <summary>
/// The CRI client against the real CRI plugin of the stand-alone containerd: Version and the list calls. Pods run
/// through CRI, seen by the whole service, are Packetflix.Extcap.Tests' CriPodTests.
/// </summary>
[Collection(RealEnginesCollection.Name)]
public sealed class CriEngineTests(RealEngines engines)
{
    [Fact(Timeout = 60_000)]
    public async Task CriApi_ContainerdCriPlugin_VersionAndListsAnswer()
    {
        engines.Require();
        var ct = TestContext.Current.CancellationToken;
        using var api = new CriApi(RealEngines.ContainerdSocket, TimeProvider.System);

        var version = await api.VersionAsync(ct);
        Assert.Equal("containerd", version.RuntimeName);
        Assert.StartsWith("v1", version.RuntimeApiVersion, StringComparison.Ordinal);
        var sandboxes = await api.PodSandboxesAsync(ct);
        var containers = await api.ContainersAsync(ct);
        Assert.All(containers, c => Assert.Contains(sandboxes, s => s.Id == c.PodSandboxId));
    }

    [Fact(Timeout = 60_000)]
    public async Task GetAsync_StandaloneContainerd_ReportsCriEngineBesideNative()
    {
        engines.Require();
        await using var discovery = NewDiscovery();
        var snapshot = await WaitForAsync(discovery,
            s => s.Engines.Any(e => e.Type == "cri" && e.ApiPath.EndsWith("/run/containerd/containerd.sock", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "CRI engine");

        var cri = Assert.Single(snapshot.Engines, e => e.Type == "cri" && e.ApiPath.EndsWith("/run/containerd/containerd.sock", StringComparison.Ordinal));
        var native = Assert.Single(snapshot.Engines, e => e.Type == "containerd" && e.Pid == cri.Pid);
        Assert.Equal(native.ApiPath, cri.ApiPath);
        Assert.StartsWith("containerd", cri.Version, StringComparison.Ordinal);
        // Docker's managed containerd has no CRI plugin: only the native engine is reported for it.
        Assert.DoesNotContain(snapshot.Engines, e => e.Type == "cri" && e.ApiPath.Contains("/run/docker/", StringComparison.Ordinal));
    }

    [Fact]
    public void PidFromInfo_VerboseInfoJson_ReadsPid()
    {
        Assert.Equal(4711, CriApi.PidFromInfo(new Dictionary<string, string> { ["info"] = """{"sandboxID":"x","pid":4711}""" }));
        Assert.Equal(0, CriApi.PidFromInfo(new Dictionary<string, string> { ["info"] = "{garbage" }));
        Assert.Equal(0, CriApi.PidFromInfo(new Dictionary<string, string> { ["info"] = """{"pid":"nope"}""" }));
        Assert.Equal(0, CriApi.PidFromInfo(new Dictionary<string, string>()));
    }
}
