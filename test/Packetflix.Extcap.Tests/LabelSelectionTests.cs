using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary><c>--label</c> and <c>--all-of-pod</c> against the real service's embedded discovery of real Docker
/// containers: <c>ls</c> shows what <c>capture</c> selects, and a label capture is one stream of every match.</summary>
public sealed class LabelSelectionTests(LabelledContainers rig) : IClassFixture<LabelledContainers>
{
    private static readonly TimeSpan DiscoveryDeadline = TimeSpan.FromSeconds(90);

    /// <summary>The names <c>ls --json</c> prints for the arguments, polled until <paramref name="expected"/> appear
    /// (the embedded discovery sees new containers within its refresh).</summary>
    private async Task<List<string>> LsUntilAsync(string[] args, int expected)
    {
        var names = new List<string>();
        await Eventually.WaitUntilAsync(async _ =>
        {
            var (code, output, _) = await CliRun.RunAsync(["ls", "--json", "--host", rig.Server.HostUrl, .. args]);
            names = code == 0 ? [.. JsonDocument.Parse(output).RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()!)] : [];
            return names.Count >= expected;
        }, DiscoveryDeadline, TestContext.Current.CancellationToken, $"ls {string.Join(' ', args)} to list {expected} targets");
        return names;
    }

    [Fact(Timeout = 240_000)]
    public async Task Ls_LabelSelectors_ListExactlyTheLabelledContainers()
    {
        rig.Require();
        // Label matches come in discovery order (namespaces by the name of their first target: db before web).
        Assert.Equal([rig.Db, rig.Web], await LsUntilAsync(["--label", $"pftest={rig.Id}"], 2));
        Assert.Equal([rig.Db], await LsUntilAsync(["--label", $"pftest={rig.Id}", "--label", "tier=db"], 1));

        // Names and labels add up, names first; a name also selected by a label is listed once.
        Assert.Equal([rig.Web, rig.Db], await LsUntilAsync([rig.Web, "--label", $"pftest={rig.Id}"], 2));
    }

    [Fact(Timeout = 240_000)]
    public async Task Ls_AllOfPod_PodContainerNameAndPodLabelSelectThePodTarget()
    {
        rig.Require();
        Assert.Equal([rig.Pod], await LsUntilAsync(["--all-of-pod", rig.PodContainer], 1));
        Assert.Equal([rig.Pod], await LsUntilAsync(["--label", $"app=shop-{rig.Id}"], 1));
        Assert.Equal([rig.Pod], await LsUntilAsync(["--all-of-pod", rig.PodName], 1));

        // Without --all-of-pod the pod's container is no target of its own.
        var (code, _, err) = await CliRun.RunAsync("ls", rig.PodContainer, "--host", rig.Server.HostUrl);
        Assert.Equal(1, code);
        Assert.Contains($"no container, pod or process named \"{rig.PodContainer}\"", err, StringComparison.Ordinal);
    }

    [Fact(Timeout = 240_000)]
    public async Task LsAndCapture_NoLabelMatch_SayWhichLabelsExist()
    {
        rig.Require();
        await LsUntilAsync(["--label", $"pftest={rig.Id}"], 2);
        foreach (var command in new[] { ["ls"], new[] { "capture", "-w", "-" } })
        {
            var (code, _, err) = await CliRun.RunAsync([.. command, "--label", "pftest=nothing-" + rig.Id, "--host", rig.Server.HostUrl]);
            Assert.Equal(1, code);
            Assert.Contains($"no container or pod has the label pftest=nothing-{rig.Id}; present: ", err, StringComparison.Ordinal);
        }

        var bad = await CliRun.RunAsync("ls", "--label", "=x", "--host", rig.Server.HostUrl);
        Assert.Equal(1, bad.Code);
        Assert.Contains("--label: expected key=value or key, got \"=x\"", bad.Err, StringComparison.Ordinal);
    }

    [Fact(Timeout = 240_000)]
    public async Task Capture_Label_OneStreamOfEveryLabelledContainer()
    {
        rig.Require();
        var ct = TestContext.Current.CancellationToken;
        await LsUntilAsync(["--label", $"pftest={rig.Id}"], 2);
        using var temp = new TempDirectory();
        var file = temp.File("labels.pcapng");
        using var pings = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pinger = rig.PingUntilCancelledAsync(pings.Token);
        try
        {
            var (code, _, err) = await CliRun.RunAsync("capture", "--label", $"pftest={rig.Id}", "-f", "icmp", "-c", "12", "-w", file,
                "--host", rig.Server.HostUrl);
            Assert.True(code == 0, err);
        }
        finally
        {
            await pings.CancelAsync();
            await pinger;
        }

        var rows = await Tshark.FieldsAsync(file, ["frame.interface_name", "icmp.type"], ct);
        Assert.Equal(12, rows.Count);
        Assert.Equal([$"{rig.Db}/eth0", $"{rig.Web}/eth0"], rows.Select(r => r[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r[1] is "0" or "8", r[1]));
    }
}
