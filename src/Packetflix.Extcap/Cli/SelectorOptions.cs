using System.CommandLine;

namespace Packetflix.Extcap.Cli;

/// <summary>The selectors <c>capture</c> and <c>ls</c> share: <c>--label</c> and <c>--all-of-pod</c> (docs/clients.md).</summary>
internal sealed class SelectorOptions
{
    public Option<string[]> Label { get; } = new("--label", "-l")
    {
        Description = "select every container or pod with this label (key=value or key; repeat: all must match)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> AllOfPod { get; } = new("--all-of-pod")
    {
        Description = "a container stands for its whole pod (the pod target); a pod container's name selects its pod",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Label);
        command.Options.Add(AllOfPod);
    }

    public TargetSelection Selection(ParseResult result, IReadOnlyList<string> names) =>
        new(names, [.. (result.GetValue(Label) ?? []).Select(LabelSelector.Parse)], result.GetValue(AllOfPod));
}
