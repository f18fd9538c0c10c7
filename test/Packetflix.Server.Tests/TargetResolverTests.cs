using Packetflix.Core.Targets;
using Packetflix.Linux;
using Packetflix.Server.CaptureApi;

namespace Packetflix.Server.Tests;

public sealed class TargetResolverTests
{
    private static readonly CancellationToken Token = CancellationToken.None;

    private static Task<ResolveResult> Resolve(CaptureParameters parameters, FakeTargetDirectory? directory = null) =>
        new TargetResolver(directory ?? new FakeTargetDirectory()).ResolveAsync(parameters, Token);

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_NoTarget_UpstreamError()
    {
        var result = await Resolve(new CaptureParameters());
        Assert.Equal("either container or netns query parameter required", result.Error);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_ContainerAndNetns_MutuallyExclusive()
    {
        var result = await Resolve(new CaptureParameters { Container = "{}", Netns = "1" });
        Assert.Equal("container and netns query parameters are mutually exclusive", result.Error);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5")]
    public async Task ResolveAsync_BadNetns_UpstreamError(string netns)
    {
        var result = await Resolve(new CaptureParameters { Netns = netns });
        Assert.Equal($"invalid netns \"{netns}\"", result.Error);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("not json")]
    [InlineData("{\"netns\":\"123\"}")]
    [InlineData("{\"netns\":1.5}")]
    [InlineData("[1,2]")]
    public async Task ResolveAsync_BadContainerJson_UpstreamPrefix(string json)
    {
        var result = await Resolve(new CaptureParameters { Container = json });
        Assert.StartsWith("invalid container/target description: ", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_NetnsOnly_TargetWithInodeAndAnyInterface()
    {
        var result = await Resolve(new CaptureParameters { Netns = "4026532571" });
        Assert.True(result.Succeeded);
        Assert.Equal(4026532571, result.Capture.Target.Netns);
        Assert.Equal(["any"], result.Capture.Interfaces);
        Assert.Equal(262_144, result.Capture.SnapLength);
    }

    [Theory]
    [InlineData(null, new[] { "eth0", "lo" })]
    [InlineData("any", new[] { "eth0", "lo" })]
    [InlineData("eth1/lo", new[] { "eth1", "lo" })]
    [InlineData("", new[] { "any" })]
    [InlineData("/eth0", new[] { "any" })]
    [InlineData("all", new[] { "all" })]
    [InlineData("eth0//eth0", new[] { "eth0" })]
    public void InterfacesFor_NifRules_AsUpstream(string? nif, string[] expected)
    {
        var target = new CaptureTarget { NetworkInterfaces = ["eth0", "lo"] };
        Assert.Equal(expected, TargetResolver.InterfacesFor(target, nif));
    }

    [Fact]
    public void InterfacesFor_NoInterfacesAnywhere_Any() =>
        Assert.Equal(["any"], TargetResolver.InterfacesFor(new CaptureTarget(), null));

    [Theory(Timeout = 10_000)]
    [InlineData("0")]
    [InlineData("262145")]
    [InlineData("x")]
    public async Task ResolveAsync_BadSnaplen_Rejected(string snaplen)
    {
        var result = await Resolve(new CaptureParameters { Netns = "42", SnapLength = snaplen });
        Assert.StartsWith($"invalid snaplen \"{snaplen}\"", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_FreshPidAndStartTime_NoRefresh()
    {
        Assert.True(ProcStat.TryReadStartTime(Environment.ProcessId, out var startTime));
        var directory = new FakeTargetDirectory("must not be asked");
        var json = $$"""{"name":"web","netns":4242,"pid":{{Environment.ProcessId}},"starttime":{{startTime}}}""";
        var result = await Resolve(new CaptureParameters { Container = json }, directory);
        Assert.True(result.Succeeded);
        Assert.Equal(4242, result.Capture.Target.Netns);
        Assert.Equal(0, directory.Calls);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_StaleStartTime_RefreshedByNameAndPrefix()
    {
        Assert.True(ProcStat.TryReadStartTime(Environment.ProcessId, out var startTime));
        var directory = new FakeTargetDirectory(
            new CaptureTarget { Name = "web", Prefix = "other", Netns = 1, Type = "docker" },
            new CaptureTarget { Name = "web", Prefix = "kind-control-plane", Netns = 777, Type = "pod", NetworkInterfaces = ["eth9"] },
            new CaptureTarget { Name = "web", Prefix = "kind-control-plane", Netns = 888, Type = "pod" });
        var json = $$"""{"name":"web","prefix":"kind-control-plane","netns":4242,"pid":{{Environment.ProcessId}},"starttime":{{startTime + 1}},"network-interfaces":["eth0"]}""";
        var result = await Resolve(new CaptureParameters { Container = json }, directory);
        Assert.True(result.Succeeded);
        Assert.Equal(1, directory.Calls);
        Assert.Equal(777, result.Capture.Target.Netns);
        Assert.Equal("pod", result.Capture.Target.Type);
        // Without a nif parameter the client's own interface list survives the refresh.
        Assert.Equal(["eth0"], result.Capture.Interfaces);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_StaleWithNifParameter_DiscoveredInterfacesReplacedByNif()
    {
        var directory = new FakeTargetDirectory(new CaptureTarget { Name = "web", Netns = 777, NetworkInterfaces = ["eth9"] });
        var json = """{"name":"web","netns":0,"network-interfaces":["eth0"]}""";
        var result = await Resolve(new CaptureParameters { Container = json, Nif = "any" }, directory);
        Assert.Equal(["eth9"], result.Capture!.Interfaces);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_NameMatchIsCaseSensitive_NetnsStaysZero()
    {
        var directory = new FakeTargetDirectory(new CaptureTarget { Name = "Web", Netns = 777 });
        var result = await Resolve(new CaptureParameters { Container = """{"name":"web"}""" }, directory);
        Assert.True(result.Succeeded);
        Assert.Equal(0, result.Capture.Target.Netns);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_DirectoryFails_UpstreamPrefix()
    {
        var result = await Resolve(new CaptureParameters { Container = """{"name":"web","pid":1,"starttime":999999999}""" },
            new FakeTargetDirectory("connection refused"));
        Assert.Equal("cannot update container meta data: connection refused", result.Error);
    }

    [Fact(Timeout = 10_000)]
    public async Task ResolveAsync_FilterAndChaste_Carried()
    {
        var result = await Resolve(new CaptureParameters { Netns = "5", Filter = "icmp", Chaste = true, SnapLength = "96" });
        Assert.Equal("icmp", result.Capture!.Filter);
        Assert.True(result.Capture.Chaste);
        Assert.Equal(96, result.Capture.SnapLength);
    }
}
