using System.Globalization;
using Packetflix.Core.Ordering;
using Packetflix.Core.Pcapng;
using Packetflix.Core.Targets;
using Packetflix.Extcap.Client;
using Packetflix.Extcap.Merge;

namespace Packetflix.Extcap.Cli;

/// <summary>
/// <c>packetflix capture --host A --host B NAME…</c> (docs/clients.md, "Several hosts"): the names are looked up on every
/// host, each host gets one multi-target capture of what it has (the single-host request, sent as a <c>targets</c>
/// list), and the streams are merged on the client into one pcapng section (<see cref="PcapngStreamMerger"/>). A
/// host whose stream ends or fails ends its interfaces and the others go on; the exit code says whether any failed.
/// </summary>
internal static class MultiHostCapture
{
    /// <summary>At most this much is held in the merge's reordering window, as the service's session buffer.</summary>
    private const long MaxHeldBytes = 4 * 1024 * 1024;

    public static async Task<int> RunAsync(MultiHostRequest run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var labels = HostLabels.For(run.Hosts);
        var plan = await PlanAsync(run, labels, cancellationToken);
        await using var output = CaptureCommand.OpenOutput(run.Write);
        using var stop = new StopController();
        stop.HandleSignals();
        using var timer = run.Duration is null ? null
            : new Timer(_ => stop.RequestStop("duration reached"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var connected = 0;
        void OnConnected()
        {
            // The duration counts from the first capture's start, as for one host.
            if (Interlocked.Exchange(ref connected, 1) == 0)
            {
                timer?.Change(run.Duration!.Value, Timeout.InfiniteTimeSpan);
            }
        }

        var sink = new PcapngBlockSink(output, run.Count);
        var merger = new PcapngStreamMerger([.. plan.Select(p => labels[p.Index])], Comment(plan, labels, run), ReorderWindow.Default, MaxHeldBytes);
        await using var merging = new MergingOutput(merger, sink, stop, TimeProvider.System);
        merging.Start();
        using var counter = LiveCounter.Start(sink);
        var outcomes = await Task.WhenAll(plan.Select(async (host, i) =>
        {
            // Each connection has its own stop: the closing deadline that follows a close (docs/protocol.md §15) and a
            // host's protocol error end only that host; our stops and aborts reach every host.
            using var hostStop = new StopController();
            using var onStop = stop.Stopping.Register(() => hostStop.RequestStop(stop.StopReason ?? "stopped"));
            using var onAbort = stop.Aborting.Register(() => hostStop.RequestAbort(stop.AbortReason ?? "aborted"));
            var outcome = await new CaptureConnection(run.Hosts[host.Index], host.Request, run.Connection, merging.Input(i), hostStop)
                .RunAsync(OnConnected);
            await merging.EndHostAsync(i, EndReason(outcome, merger.Hosts[i]));
            return outcome;
        }));
        await merging.CompleteAsync();
        counter?.Finish();
        return Report(plan, labels, outcomes, merger, sink, run.Partial);
    }

    /// <summary>Which host captures what: a name is looked up on every host (one found on two is captured on both,
    /// labelled by host); a name found on no host is an error naming it, unless <c>--partial</c>.</summary>
    private static async Task<List<HostPlan>> PlanAsync(MultiHostRequest run, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var selection = run.Selection;
        if (selection.IsEmpty)
        {
            throw new ClientException("name a target or select some with --label key=value (packetflix ls lists them)");
        }

        var looked = await Task.WhenAll(run.Hosts.Select(async (host, i) =>
        {
            try
            {
                var targets = await DiscoveryClient.GetTargetsAsync(host, run.Connection, cancellationToken);
                IReadOnlyList<LabelledTarget> labelled = selection.NeedsLabels
                    ? await DiscoveryClient.GetLabelledTargetsAsync(host, run.Connection, cancellationToken)
                    : [];
                return new HostLookup(selection.SelectOnHost(targets, labelled), targets, labelled, null);
            }
            catch (ClientException ex)
            {
                return new HostLookup(null, [], [], $"{labels[i]}: {ex.Message}");
            }
        }));

        var failed = looked.Select(l => l.Error).OfType<string>().ToList();
        if (failed.Count > 0 && (!run.Partial || failed.Count == looked.Length))
        {
            throw new ClientException(string.Join("\n", failed));
        }

        var skipped = new List<UnresolvedTargetEntry>();
        foreach (var (error, i) in looked.Select((l, i) => (l.Error, i)).Where(l => l.Error is not null))
        {
            Console.Error.WriteLine($"packetflix: warning: {error}; left out (--partial)");
            skipped.Add(new UnresolvedTargetEntry(labels[i], error!));
        }

        foreach (var name in selection.Names.Where(n => !looked.Any(l => l.Selection?.Found.Contains(n) == true)))
        {
            var known = looked.SelectMany(l => l.Targets).Select(TargetMatcher.Display).Distinct();
            var suggestions = TargetMatcher.Suggest(name, known);
            var text = $"no container, pod or process named \"{name}\" on any of {string.Join(", ", labels)}"
                + (suggestions.Count > 0 ? $"; did you mean: {string.Join(", ", suggestions)}?" : string.Empty);
            if (!run.Partial)
            {
                throw new ClientException(text);
            }

            Console.Error.WriteLine($"packetflix: warning: {text}; left out (--partial)");
            skipped.Add(new UnresolvedTargetEntry(name, "found on no host"));
        }

        if (selection.Labels.Count > 0 && !looked.Any(l => l.Selection?.LabelMatched == true) && !run.Partial)
        {
            throw new ClientException(selection.NoLabelMatch([.. looked.SelectMany(l => l.Labelled)]));
        }

        var plan = new List<HostPlan>();
        for (var i = 0; i < looked.Length; i++)
        {
            if (looked[i].Selection is { Targets.Count: > 0 } chosen)
            {
                plan.Add(new HostPlan(i, run.Options(new CaptureRequest { Targets = chosen.Targets, AsTargetList = true, Partial = run.Partial })));
            }
        }

        if (plan.Count == 0)
        {
            throw new ClientException("nothing to capture on any host (packetflix ls --host … lists the targets)");
        }

        plan[0] = plan[0] with { Skipped = skipped };
        return plan;
    }

    /// <summary>The SHB's YAML: the upstream keys describe the first host's first target (node name = that host), as
    /// for one host's multi-target stream; <c>targets:</c> lists every host's, each named <c>&lt;host&gt;:&lt;name&gt;</c>
    /// like the interfaces.</summary>
    private static CaptureTargetComment Comment(List<HostPlan> plan, IReadOnlyList<string> labels, MultiHostRequest run)
    {
        var first = plan[0].Request.Targets![0];
        return new CaptureTargetComment(first.Name, first.Type, run.Hosts[plan[0].Index].NodeName)
        {
            ClusterUid = first.Cluster?.Uid is { Length: > 0 } uid ? uid : null,
            CaptureFilter = string.IsNullOrEmpty(plan[0].Request.Filter) ? null : plan[0].Request.Filter,
            NoPromiscuousMode = plan[0].Request.NoPromiscuous,
            Targets = [.. plan.SelectMany(p => p.Request.Targets!.Select(t => new CaptureTargetEntry($"{labels[p.Index]}:{t.Name}", t.Type,
                t.Prefix, (ulong)Math.Max(0, t.Netns), Interfaces(p.Request, t))))],
            Unresolved = plan[0].Skipped is { Count: > 0 } skipped ? skipped : null,
        };
    }

    private static IReadOnlyList<string> Interfaces(CaptureRequest request, CaptureTarget target) =>
        request.Interfaces.Count > 0 ? request.Interfaces : (IReadOnlyList<string>?)target.NetworkInterfaces ?? [];

    /// <summary>Why a host's part ends while we did not stop it (its interfaces' last statistics block says so), or null.</summary>
    private static string? EndReason(CaptureOutcome outcome, HostStream stream) => stream.Failure ?? outcome.Kind switch
    {
        CaptureOutcomeKind.Stopped => null,
        CaptureOutcomeKind.Completed => "the service ended the capture"
            + (string.IsNullOrEmpty(outcome.Message) ? string.Empty : ": " + outcome.Message),
        _ => outcome.Message ?? outcome.Kind.ToString(),
    };

    private static int Report(List<HostPlan> plan, IReadOnlyList<string> labels, CaptureOutcome[] outcomes, PcapngStreamMerger merger,
        PcapngBlockSink sink, bool partial)
    {
        var failures = 0;
        for (var i = 0; i < plan.Count; i++)
        {
            var failure = merger.Hosts[i].Failure ?? (outcomes[i].ExitCode != 0 ? outcomes[i].Message : null);
            if (failure is not null)
            {
                failures++;
                Console.Error.WriteLine($"packetflix: {labels[plan[i].Index]}: {failure}");
            }
        }

        if (outcomes.Any(o => o.Kind != CaptureOutcomeKind.ConnectFailed))
        {
            foreach (var line in CaptureSummary.Lines(sink))
            {
                Console.Error.WriteLine(line);
            }

            if (merger.Late > 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{merger.Late} packets arrived later than the {ReorderWindow.DefaultMilliseconds} ms reordering window and were written out of time order"));
            }
        }

        return failures == 0 || (partial && failures < plan.Count) ? 0 : 1;
    }
}
