using System.Text.Json;
using Packetflix.Core.Targets;

namespace Packetflix.Core.Tests.Targets;

public sealed class CaptureTargetJsonTests
{
    // The decoded container parameter of a real extcap request (docs/protocol.md §12).
    private const string SpecExample =
        """{"name":"nginx","type":"docker","netns":4026532571,"network-interfaces":["eth0","lo"],"prefix":"","starttime":1234567,"pid":4242,"node-name":"192.168.1.10"}""";

    [Fact]
    public void TryParse_SpecExample_ReadsAllFields()
    {
        Assert.True(CaptureTargetJson.TryParse(SpecExample, out var target, out var error), error);

        Assert.Equal(("nginx", "docker", 4026532571L, "", 1234567L, 4242L, "192.168.1.10"),
            (target.Name, target.Type, target.Netns, target.Prefix, target.StartTime, target.Pid, target.NodeName));
        Assert.Equal(["eth0", "lo"], target.NetworkInterfaces!);
        Assert.Null(target.Cluster);
        Assert.Null(target.CaptureService);
    }

    [Fact]
    public void Serialize_SpecExample_UsesGoFieldOrder()
    {
        Assert.True(CaptureTargetJson.TryParse(SpecExample, out var target, out _));

        Assert.Equal(
            """{"name":"nginx","type":"docker","netns":4026532571,"network-interfaces":["eth0","lo"],"prefix":"","starttime":1234567,"pid":4242,"node-name":"192.168.1.10"}""",
            CaptureTargetJson.Serialize(target));
    }

    [Fact]
    public void Serialize_Defaults_OmitsEmptyOmitemptyFields()
    {
        var json = CaptureTargetJson.Serialize(new CaptureTarget { NodeName = string.Empty });

        Assert.Equal("""{"name":"","type":"","netns":0,"network-interfaces":null,"prefix":""}""", json);
    }

    [Fact]
    public void Serialize_AllFields_RoundTrips()
    {
        const string Json =
            """{"name":"default/web","type":"pod","netns":1,"network-interfaces":[],"prefix":"kind","starttime":2,"pid":3,"node-name":"n","cluster":{"context":"kind-kind","uid":"u-1"},"capture-service":"svc","captureport":5001}""";

        Assert.True(CaptureTargetJson.TryParse(Json, out var target, out var error), error);

        Assert.Equal("u-1", target.Cluster!.Uid);
        Assert.Equal(5001, target.CapturePort!.Value.GetInt32());
        Assert.Equal(Json, CaptureTargetJson.Serialize(target));
    }

    [Fact]
    public void Serialize_ClusterWithoutUid_OmitsUid()
    {
        var json = CaptureTargetJson.Serialize(new CaptureTarget { Cluster = new ClusterInfo { Context = "c" } });

        Assert.EndsWith("""
            "cluster":{"context":"c"}}
            """, json, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MixedCaseNamesAndUnknownFields_AreAcceptedLikeGo()
    {
        const string Json = """{"NAME":"x","NetNS":42,"Network-Interfaces":["a"],"PID":7,"future":{"nested":[1,2]},"Cluster":{"UID":"q"}}""";

        Assert.True(CaptureTargetJson.TryParse(Json, out var target, out var error), error);

        Assert.Equal(("x", 42L, 7L, "q"), (target.Name, target.Netns, target.Pid, target.Cluster?.Uid));
        Assert.Equal(["a"], target.NetworkInterfaces!);
    }

    [Fact]
    public void TryParse_NullValues_LeaveDefaultsLikeGo()
    {
        const string Json = """{"name":null,"netns":null,"network-interfaces":null,"pid":null,"cluster":null,"captureport":null}""";

        Assert.True(CaptureTargetJson.TryParse(Json, out var target, out var error), error);

        Assert.Equal((string.Empty, 0L, 0L), (target.Name, target.Netns, target.Pid));
        Assert.Null(target.NetworkInterfaces);
        Assert.Null(target.Cluster);
        Assert.Null(target.CapturePort);
    }

    [Fact]
    public void TryParse_AnyShapeForCaptureService_IsKept()
    {
        Assert.True(CaptureTargetJson.TryParse("""{"capture-service":{"a":[true]},"captureport":"5001"}""", out var target, out _));

        Assert.Equal(JsonValueKind.Object, target.CaptureService!.Value.ValueKind);
        Assert.Equal("5001", target.CapturePort!.Value.GetString());
    }

    [Theory]
    [InlineData("""{"netns":"4026532571"}""", "string")]
    [InlineData("""{"netns":1.5}""", "1.5")]
    [InlineData("""{"pid":1e3}""", "1e3")]
    [InlineData("""{"starttime":true}""", "bool")]
    [InlineData("""{"netns":99999999999999999999}""", "number")]
    [InlineData("""{"name":5}""", "name")]
    [InlineData("""{"network-interfaces":"eth0"}""", "network-interfaces")]
    [InlineData("null", "null")]
    [InlineData("[]", "")]
    [InlineData("\"x\"", "")]
    [InlineData("""{"name":"x"} trailing""", "")]
    [InlineData("""{"name":"x"}{}""", "")]
    [InlineData("", "")]
    [InlineData("{", "")]
    public void TryParse_BadInput_ReturnsError(string json, string expectedInError)
    {
        Assert.False(CaptureTargetJson.TryParse(json, out var target, out var error));

        Assert.Null(target);
        Assert.Contains(expectedInError, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_IntFieldError_NamesTheField()
    {
        Assert.False(CaptureTargetJson.TryParse("""{"netns":"1"}""", out _, out var error));

        Assert.Equal("json: cannot unmarshal string into field netns of type int64", error);
    }
}
