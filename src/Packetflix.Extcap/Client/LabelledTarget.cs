using System.Text.Json;

namespace Packetflix.Extcap.Client;

/// <summary>
/// A capture target as the embedded discovery's <c>/json</c> lists it (docs/discovery.md, "/json"): with its engine
/// labels (a pod's are its sandbox's, i.e. the pod labels) and its pod (<c>&lt;ns&gt;/&lt;pod&gt;</c> or null).
/// <c>/mobyshark</c> carries neither, so label and pod selection reads this document.
/// </summary>
internal sealed record LabelledTarget(long Netns, string Name, string Type, string Prefix, IReadOnlyDictionary<string, string> Labels, string? Pod)
{
    /// <summary>Parses <c>{"network-namespaces":[{"netns":N,"containers":[{name,type,prefix,labels,pod}]}]}</c>.</summary>
    public static IReadOnlyList<LabelledTarget> Parse(string json, string host)
    {
        var targets = new List<LabelledTarget>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("network-namespaces", out var namespaces)
                || namespaces.ValueKind != JsonValueKind.Array)
            {
                throw NotOurs(host, null);
            }

            foreach (var netns in namespaces.EnumerateArray())
            {
                if (netns.ValueKind != JsonValueKind.Object || !netns.TryGetProperty("netns", out var inode) || !inode.TryGetInt64(out var id)
                    || !netns.TryGetProperty("containers", out var containers) || containers.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var container in containers.EnumerateArray())
                {
                    if (container.ValueKind == JsonValueKind.Object)
                    {
                        targets.Add(new LabelledTarget(id, Text(container, "name") ?? string.Empty, Text(container, "type") ?? string.Empty,
                            Text(container, "prefix") ?? string.Empty, ReadLabels(container), Text(container, "pod")));
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            throw NotOurs(host, ex);
        }

        return targets;
    }

    /// <summary>Whether this entry describes the discovered <paramref name="target"/> (same netns, name, prefix).</summary>
    public bool Describes(Packetflix.Core.Targets.CaptureTarget target) =>
        target is not null && target.Netns == Netns && target.Name == Name && target.Prefix == Prefix;

    private static ClientException NotOurs(string host, Exception? inner)
    {
        var message = $"{host}/json is not the embedded discovery's document, so labels and pods are unknown "
            + "(a service with --proxy-discovery shows Ghostwire's /json)";
        return inner is null ? new ClientException(message) : new ClientException(message, inner);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string> ReadLabels(JsonElement element)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("labels", out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in value.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString() ?? string.Empty : label.Value.GetRawText();
            }
        }

        return labels;
    }
}
