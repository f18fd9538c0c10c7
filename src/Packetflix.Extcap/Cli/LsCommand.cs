using System.CommandLine;
using System.Text;
using System.Text.Json;
using Packetflix.Core.Targets;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary><c>packetflix ls</c>: the containers, pods and processes the service can capture, as a table or JSON.</summary>
internal static class LsCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var json = new Option<bool>("--json") { Description = "print the targets as JSON (the capture target model)" };
        var names = new Argument<string[]>("target")
        {
            Description = "only the targets these names select (what packetflix capture would capture)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var selectors = new SelectorOptions();
        var command = new Command("ls", "list containers, pods and processes with their network interfaces");
        selectors.AddTo(command);
        common.AddTo(command);
        command.Options.Add(json);
        command.Arguments.Add(names);
        command.SetAction(async (result, cancellationToken) =>
        {
            var selection = selectors.Selection(result, result.GetValue(names) ?? []);
            var host = common.ParseHost(result);
            var connection = common.Connection(result);
            var targets = selection.IsEmpty && !selection.AllOfPod
                ? await DiscoveryClient.GetTargetsAsync(host, connection, cancellationToken)
                : await selection.ResolveAsync(host, connection, cancellationToken);

            Console.Out.Write(result.GetValue(json) ? ToJson(targets) : ToTable(targets));
            return 0;
        });
        return command;
    }

    public static string ToJson(IReadOnlyList<CaptureTarget> targets)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var target in targets)
            {
                writer.WriteRawValue(CaptureTargetJson.Serialize(target));
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string ToTable(IReadOnlyList<CaptureTarget> targets)
    {
        var rows = targets
            .OrderBy(t => t.Type == "proc" || t.Type == "bindmount").ThenBy(TargetMatcher.Display, StringComparer.Ordinal)
            .Select(t => new[]
            {
                TargetMatcher.Display(t), t.Type, t.Netns.ToString(System.Globalization.CultureInfo.InvariantCulture),
                t.Pid == 0 ? "-" : t.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(",", t.NetworkInterfaces ?? []),
            })
            .Prepend(["NAME", "TYPE", "NETNS", "PID", "INTERFACES"])
            .ToList();
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(c < row.Length - 1 ? row[c].PadRight(widths[c] + 2) : row[c]);
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
