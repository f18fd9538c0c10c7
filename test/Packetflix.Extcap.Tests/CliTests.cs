using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>The CLI (<c>ls</c>, <c>capture</c>) against the fake service: output forms, count limit and clear errors.</summary>
public sealed class CliTests
{
    private const string Discovery = """
        {"containers":[
          {"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"pid":10,"starttime":20,"prefix":""},
          {"name":"api","type":"docker","netns":4026532002,"network-interfaces":["eth0"],"pid":11,"starttime":21,"prefix":"a"},
          {"name":"api","type":"docker","netns":4026532003,"network-interfaces":["eth0"],"pid":12,"starttime":22,"prefix":"b"}
        ]}
        """;

    private static Task<(int Code, byte[] Out, string Err)> RunAsync(params string[] args) =>
        CliRun.RunAsync(TimeSpan.FromSeconds(30), args);

    private static async Task<FakePacketflixService> ServiceAsync()
    {
        var service = await FakePacketflixService.StartAsync(TestContext.Current.CancellationToken);
        service.DiscoveryJson = Discovery;
        return service;
    }

    [Fact(Timeout = 60000)]
    public async Task Ls_Table_ListsTargetsWithInterfaces()
    {
        await using var service = await ServiceAsync();
        var (code, output, _) = await RunAsync("ls", "--host", service.HostUrl);
        var lines = System.Text.Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, code);
        Assert.Matches(@"^NAME\s+TYPE\s+NETNS\s+PID\s+INTERFACES$", lines[0]);
        Assert.Matches(@"^web\s+docker\s+4026532001\s+10\s+eth0,lo$", lines[3]);
        Assert.StartsWith("a:api ", lines[1], StringComparison.Ordinal);
    }

    [Fact(Timeout = 60000)]
    public async Task Ls_Json_PrintsTargetModel()
    {
        await using var service = await ServiceAsync();
        var (code, output, _) = await RunAsync("ls", "--json", "--host", service.HostUrl);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(0, code);
        Assert.Equal(3, json.RootElement.GetArrayLength());
        Assert.Equal("127.0.0.1", json.RootElement[0].GetProperty("node-name").GetString());
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_CountToStdout_ExactlyNPacketsAndValid()
    {
        await using var service = await ServiceAsync();
        var (code, output, err) = await RunAsync("capture", "web", "-c", "3", "-w", "-", "--host", service.HostUrl);
        Assert.True(code == 0, err);
        Assert.Equal(3, TestPcapng.CountPackets(output));
        var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal("ciao", record.ClientCloseReason);
        Assert.Equal("eth0/lo", record.Headers["Clustershark-Nif"]);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_CountToFile_TsharkReadsIt()
    {
        Privileged.RequireTool("tshark");
        await using var service = await ServiceAsync();
        using var temp = new TempDirectory();
        var file = temp.File("out.pcapng");
        var (code, _, err) = await RunAsync("capture", "b:api", "-i", "eth0", "-c", "5", "-w", file, "--host", service.HostUrl);
        Assert.True(code == 0, err);
        Assert.Equal(5, (await Tshark.FieldsAsync(file, ["frame.number"], TestContext.Current.CancellationToken)).Count);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_UnknownName_SuggestsClosest()
    {
        await using var service = await ServiceAsync();
        var (code, _, err) = await RunAsync("capture", "wbe", "-w", "-", "--host", service.HostUrl);
        Assert.Equal(1, code);
        Assert.Contains("no container, pod or process named \"wbe\"; did you mean: web", err, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_AmbiguousName_ListsMatches()
    {
        await using var service = await ServiceAsync();
        var (code, _, err) = await RunAsync("capture", "api", "-w", "-", "--host", service.HostUrl);
        Assert.Equal(1, code);
        Assert.Contains("\"api\" is ambiguous", err, StringComparison.Ordinal);
        Assert.Contains("a:api", err, StringComparison.Ordinal);
        Assert.Contains("b:api", err, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_ServerUnreachable_SaysSo()
    {
        var (code, _, err) = await RunAsync("capture", "web", "-w", "-", "--host", "http://127.0.0.1:1");
        Assert.Equal(1, code);
        Assert.Contains("cannot reach the Packetflix service at http://127.0.0.1:1", err, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_WrongToken_AuthRefused()
    {
        await using var service = await ServiceAsync();
        service.RequiredToken = "right";
        var (code, _, err) = await RunAsync("ls", "--host", service.HostUrl, "--token", "wrong");
        Assert.Equal(1, code);
        Assert.Contains("authentication refused (HTTP 401)", err, StringComparison.Ordinal);
        var ok = await RunAsync("capture", "web", "-c", "1", "-w", "-", "--host", service.HostUrl, "--token", "right");
        Assert.Equal(0, ok.Code);
    }
}
