using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests.Cri;

/// <summary>
/// Kubernetes pods run through containerd's CRI (no kubelet, no dockershim): discovery shows each pod as one target
/// named namespace/name, its sandbox and containers folded in; <c>--all-of-pod</c> and a capture of both pods in one
/// stream work; a removed pod leaves discovery.
/// </summary>
public sealed partial class CriPodTests(CriPods pods) : IClassFixture<CriPods>
{
    private static readonly TimeSpan DiscoveryDeadline = TimeSpan.FromSeconds(90);

    /// <summary><c>ls --json</c> for the arguments, polled until <paramref name="done"/> holds for the targets.</summary>
    private async Task<List<JsonElement>> LsUntilAsync(string[] args, Func<List<JsonElement>, bool> done, string what)
    {
        var targets = new List<JsonElement>();
        var last = string.Empty;
        var reached = await Eventually.TryWaitUntilAsync(async _ =>
        {
            var (code, output, err) = await CliRun.RunAsync(["ls", "--json", "--host", pods.Server.HostUrl, .. args]);
            targets = code == 0 ? [.. JsonDocument.Parse(output).RootElement.Clone().EnumerateArray()] : [];
            last = code == 0 ? string.Join(", ", targets.Select(Name)) : err;
            return done(targets);
        }, DiscoveryDeadline, TestContext.Current.CancellationToken);
        Assert.True(reached, $"{what}: not within {DiscoveryDeadline.TotalSeconds} s; ls {string.Join(' ', args)} said: {last}");
        return targets;
    }

    private static string Name(JsonElement target) => target.GetProperty("name").GetString()!;

    [Fact(Timeout = 240_000)]
    public async Task Ls_CriPods_EachPodOneTargetWithItsContainersFoldedIn()
    {
        pods.Require();
        var all = await LsUntilAsync([], t => t.Any(x => Name(x) == pods.A.Target) && t.Any(x => Name(x) == pods.B.Target), "both pods listed");

        foreach (var pod in new[] { pods.A, pods.B })
        {
            var target = Assert.Single(all, t => Name(t) == pod.Target);
            Assert.Equal("pod", target.GetProperty("type").GetString());
            // Neither the sandbox nor a container is a target of its own.
            Assert.DoesNotContain(all, t => pod.Containers.Contains(Name(t)) || Name(t).Contains(pod.SandboxId, StringComparison.Ordinal));
        }

        // --all-of-pod takes a pod by its name without the namespace; a pod label selects the pod target; each pod once.
        // (Discovery folds a CRI pod's containers into the pod, so their names are no selectors, unlike the kubelet's
        // dockershim names k8s_<container>_<pod>_...)
        var widened = await LsUntilAsync(["--all-of-pod", pods.A.PodName, pods.B.PodName, "--label", $"app={pods.A.PodName}"],
            t => t.Count == 2, "--all-of-pod to list two pods");
        Assert.Equal([pods.A.Target, pods.B.Target], widened.Select(Name));
    }

    [Fact(Timeout = 240_000)]
    public async Task Capture_TwoCriPods_OneTimeOrderedStreamWithEachPodsEth0()
    {
        pods.Require();
        var ct = TestContext.Current.CancellationToken;
        await LsUntilAsync([pods.A.Target, pods.B.Target], t => t.Count == 2, "both pods listed");
        using var temp = new TempDirectory();
        string[][] selections = [[pods.A.Target, pods.B.Target], ["--all-of-pod", pods.A.PodName, pods.B.PodName]];
        for (var i = 0; i < selections.Length; i++)
        {
            var file = temp.File($"pods{i}.pcapng");
            using var pings = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var pinger = pods.PingUntilCancelledAsync(pods.A, pods.B, pings.Token);
            try
            {
                var (code, _, err) = await CliRun.RunAsync(["capture", .. selections[i], "-f", "icmp", "-c", "12", "-w", file,
                    "--host", pods.Server.HostUrl]);
                Assert.True(code == 0, err);
            }
            finally
            {
                await pings.CancelAsync();
                await pinger;
            }

            var rows = await Tshark.FieldsAsync(file, ["frame.interface_name", "icmp.type", "frame.time_epoch"], ct);
            Assert.True(rows.Count == 12, string.Join("; ", rows.Select(r => string.Join(' ', r))));
            Assert.Equal([$"{pods.A.Target}/eth0", $"{pods.B.Target}/eth0"], rows.Select(r => r[0]).Distinct().Order(StringComparer.Ordinal).ToArray());
            Assert.All(rows, r => Assert.True(r[1] is "0" or "8", r[1]));
            await AssertTimeOrderAsync(file, [.. rows.Select(r => decimal.Parse(r[2], CultureInfo.InvariantCulture))], ct);
        }
    }

    /// <summary>The service merges the pods' interfaces in time order; a packet that reached it later than the reordering
    /// window is written at once, out of order, and counted in its interface's ISB comment (docs/api.md, "Time order"),
    /// so each step back in time needs one such packet reported.</summary>
    private static async Task AssertTimeOrderAsync(string file, List<decimal> times, CancellationToken ct)
    {
        var latest = decimal.MinValue;
        var stepsBack = 0;
        foreach (var time in times)
        {
            if (time < latest)
            {
                stepsBack++;
            }

            latest = Math.Max(latest, time);
        }

        var reported = TestPcapng.Read(await File.ReadAllBytesAsync(file, ct)).OfType<InterfaceStatisticsBlock>()
            .GroupBy(s => s.InterfaceId)
            .Sum(g => g.Max(s => OutOfOrder().Match(s.Statistics.Comment ?? "") is { Success: true } m
                ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
                : 0));
        Assert.True(stepsBack <= reported, $"{stepsBack} steps back in time ({string.Join(", ", times)}), {reported} packets reported out of time order");
    }

    [GeneratedRegex(@"packetflix wrote (\d+) packets out of time order")]
    private static partial Regex OutOfOrder();

    [Fact(Timeout = 240_000)]
    public async Task Ls_CriPodRemoved_VanishesFromDiscovery()
    {
        pods.Require();
        var ct = TestContext.Current.CancellationToken;
        var pod = await pods.RunPodAsync($"c{pods.Id}", [$"c{pods.Id}-web"], ct);
        await LsUntilAsync([], t => t.Any(x => Name(x) == pod.Target), "the new pod listed");

        await pods.RemovePodAsync(pod.SandboxId, ct);
        var after = await LsUntilAsync([], t => t.All(x => Name(x) != pod.Target), "the removed pod gone");
        Assert.Contains(after, t => Name(t) == pods.A.Target);
    }
}
