namespace Packetflix.Extcap.Cli;

/// <summary>One <c>--label</c>: <c>key=value</c> (the label has this value) or <c>key</c> (the label is present), as
/// <c>docker ps --filter label=…</c> takes them; several must all hold.</summary>
internal sealed record LabelSelector(string Key, string? Value)
{
    public static LabelSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var key = (eq < 0 ? text : text[..eq]).Trim();
        return key.Length == 0
            ? throw new Client.ClientException($"--label: expected key=value or key, got \"{text}\"")
            : new LabelSelector(key, eq < 0 ? null : text[(eq + 1)..]);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        labels is not null && labels.TryGetValue(Key, out var value) && (Value is null || value == Value);

    public override string ToString() => Value is null ? Key : $"{Key}={Value}";
}
