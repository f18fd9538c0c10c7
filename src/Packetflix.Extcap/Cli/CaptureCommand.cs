using System.CommandLine;
using System.Globalization;
using Packetflix.Core.Targets;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>
/// <c>packetflix capture TARGET</c>: streams a capture to a file or stdout with no Wireshark plugin, ending cleanly (whole
/// pcapng blocks only) after <c>-c</c> packets, <c>-a duration:S</c> seconds, or ctrl-C.
/// </summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var target = new Argument<string[]>("target")
        {
            Description = "name, prefix:name or netns inode (see packetflix ls); several make one multi-target capture",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var selectors = new SelectorOptions();
        var interfaces = new Option<string[]>("--interface", "-i")
        {
            Description = "network interface; repeat for several (default: all of the target's)",
            AllowMultipleArgumentsPerToken = false,
        };
        var filter = new Option<string?>("--filter", "-f") { Description = "capture filter (pcap syntax)" };
        var snaplen = new Option<int?>("--snaplen", "-s") { Description = "bytes kept of each packet" };
        var noPromisc = new Option<bool>("--no-promisc", "-p") { Description = "do not put interfaces into promiscuous mode" };
        var count = new Option<long?>("--count", "-c") { Description = "stop after this many packets" };
        var autostop = new Option<string?>("--autostop", "-a") { Description = "stop condition, duration:SECONDS" };
        var write = new Option<string?>("--write", "-w") { Description = "pcapng file to write, or - for stdout" };
        var partial = new Option<bool>("--partial")
        {
            Description = "with several --host: a name found on no host, or a host that fails, is left out instead of failing the capture",
        };
        var command = new Command("capture", "capture a container's traffic into a pcapng file or stdout (no plugin needed); with several "
            + "--host, the services' streams merged into one, in time order, interface names prefixed with the host");
        command.Arguments.Add(target);
        command.Options.Add(interfaces);
        command.Options.Add(filter);
        command.Options.Add(snaplen);
        command.Options.Add(noPromisc);
        command.Options.Add(count);
        command.Options.Add(autostop);
        command.Options.Add(write);
        command.Options.Add(partial);
        selectors.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var duration = ParseDuration(result.GetValue(autostop));
            if (result.GetValue(snaplen) is < 1)
            {
                throw new ClientException("--snaplen must be at least 1");
            }

            var hosts = common.ParseHosts(result);
            var connection = common.Connection(result);
            var names = result.GetValue(target) ?? [];
            var selection = selectors.Selection(result, names);
            if (hosts.Count > 1)
            {
                return await MultiHostCapture.RunAsync(new MultiHostRequest(hosts, selection, connection)
                {
                    Options = r => r with
                    {
                        Interfaces = result.GetValue(interfaces) ?? [],
                        Filter = result.GetValue(filter),
                        NoPromiscuous = result.GetValue(noPromisc),
                        SnapLength = result.GetValue(snaplen),
                    },
                    Partial = result.GetValue(partial),
                    Write = result.GetValue(write),
                    Count = result.GetValue(count) ?? 0,
                    Duration = duration,
                }, cancellationToken);
            }

            if (result.GetValue(partial))
            {
                throw new ClientException("--partial: only with several --host (one service's capture resolves every name or fails)");
            }

            var host = hosts[0];
            var request = await (names.Length == 1 && !selection.NeedsLabels ? ResolveAsync(names[0], host, connection, cancellationToken)
                : SelectAsync(selection, host, connection, cancellationToken)) with
            {
                Interfaces = result.GetValue(interfaces) ?? [],
                Filter = result.GetValue(filter),
                NoPromiscuous = result.GetValue(noPromisc),
                SnapLength = result.GetValue(snaplen),
            };
            return await RunAsync(host, request, connection, result.GetValue(write), result.GetValue(count) ?? 0, duration);
        });
        return command;
    }

    /// <summary>Parses tshark's <c>-a duration:S</c> (plain seconds are accepted too).</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var value = text.StartsWith("duration:", StringComparison.Ordinal) ? text["duration:".Length..] : text;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ClientException($"-a: expected duration:SECONDS, got \"{text}\"");
    }

    private static async Task<CaptureRequest> ResolveAsync(
        string query, HostUrl host, ConnectionOptions connection, CancellationToken cancellationToken)
    {
        var isInode = long.TryParse(query, NumberStyles.None, CultureInfo.InvariantCulture, out var inode) && inode > 0;
        IReadOnlyList<CaptureTarget> targets;
        try
        {
            targets = await DiscoveryClient.GetTargetsAsync(host, connection, cancellationToken);
        }
        catch (ClientException) when (isInode)
        {
            // A netns inode needs no discovery: the service finds the namespace itself (docs/protocol.md §5, "feel lucky").
            return new CaptureRequest { Netns = inode };
        }

        var target = TargetMatcher.Match(query, targets);
        return target is null ? new CaptureRequest { Netns = inode } : new CaptureRequest { Target = target };
    }

    private static async Task<CaptureRequest> SelectAsync(
        TargetSelection selection, HostUrl host, ConnectionOptions connection, CancellationToken cancellationToken)
    {
        if (selection.Names.Count > TargetMatcher.MaxTargets)
        {
            throw new ClientException($"too many targets: {selection.Names.Count} (at most {TargetMatcher.MaxTargets} per capture)");
        }

        return CaptureRequest.For(await selection.ResolveAsync(host, connection, cancellationToken));
    }

    private static async Task<int> RunAsync(
        HostUrl host, CaptureRequest request, ConnectionOptions connection, string? write, long count, TimeSpan? duration)
    {
        await using var output = OpenOutput(write);
        using var stop = new StopController();
        stop.HandleSignals();
        // Armed when the server accepted the capture: the duration counts from the capture's start (as dumpcap's -a).
        using var timer = duration is null ? null
            : new Timer(_ => stop.RequestStop("duration reached"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var sink = new PcapngBlockSink(output, count);
        using var counter = LiveCounter.Start(sink);
        var outcome = await new CaptureConnection(host, request, connection, sink, stop)
            .RunAsync(() => timer?.Change(duration!.Value, Timeout.InfiniteTimeSpan));
        counter?.Finish();
        if (outcome.ExitCode != 0)
        {
            Console.Error.WriteLine($"packetflix: {outcome.Message}");
        }

        if (outcome.Kind != CaptureOutcomeKind.ConnectFailed)
        {
            // Always, not only on a terminal, like tcpdump: scripts and benchmarks read it.
            foreach (var line in CaptureSummary.Lines(sink))
            {
                Console.Error.WriteLine(line);
            }
        }

        return outcome.ExitCode;
    }

    /// <summary>The file of <c>-w</c>, or stdout for <c>-w -</c> and no <c>-w</c>, unless stdout is a terminal.</summary>
    internal static Stream OpenOutput(string? write)
    {
        if (write is null && !Console.IsOutputRedirected)
        {
            throw new ClientException("refusing to write pcapng to a terminal: use -w FILE, or -w - | wireshark -k -i -");
        }

        return write is null or "-" ? Console.OpenStandardOutput() : OpenFile(write);
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClientException($"cannot write \"{path}\": {ex.Message}", ex);
        }
    }
}
