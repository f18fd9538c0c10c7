using System.Text;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// The capture target information that csharg's <c>pcapng.StreamEditor</c> puts into the first SHB comment,
/// as a YAML document after the marker <see cref="Marker"/>.
/// </summary>
/// <param name="ContainerName">Target name (<c>container-name</c>).</param>
/// <param name="ContainerType">Target type (<c>container-type</c>).</param>
/// <param name="NodeName">Node name (<c>node-name</c>).</param>
public sealed record CaptureTargetComment(string ContainerName, string ContainerType, string NodeName)
{
    /// <summary>The line pair that starts the capture target YAML document (csharg <c>targetmarker</c>).</summary>
    public const string Marker = "---\n# capture target information\n";

    /// <summary>The cluster UID; a non-null value adds the <c>cluster</c> mapping.</summary>
    public string? ClusterUid { get; init; }

    /// <summary>The capture filter; written only when non-empty.</summary>
    public string? CaptureFilter { get; init; }

    /// <summary>Whether promiscuous mode was switched off; written only when set.</summary>
    public bool NoPromiscuousMode { get; init; }

    /// <summary>Every target of a multi-target capture; null (the single-target case) writes exactly the upstream
    /// keys. The upstream keys then describe the first target, so that upstream clients still read one document.</summary>
    public IReadOnlyList<CaptureTargetEntry>? Targets { get; init; }

    /// <summary>Targets of a <c>partial=1</c> request that are missing from the capture, and why.</summary>
    public IReadOnlyList<UnresolvedTargetEntry>? Unresolved { get; init; }

    /// <summary>The marker followed by the YAML that yaml.v3 produces for csharg's <c>ContainerInfo</c>.</summary>
    public string ToYaml()
    {
        var yaml = new StringBuilder(Marker);
        AppendKey(yaml, "container-name", ContainerName, 0);
        AppendKey(yaml, "container-type", ContainerType, 0);
        AppendKey(yaml, "node-name", NodeName, 0);
        if (ClusterUid is not null)
        {
            // csharg's ClusterInfo.UID is omitempty, so an empty UID leaves an empty flow mapping.
            if (ClusterUid.Length == 0)
            {
                yaml.Append("cluster: {}\n");
            }
            else
            {
                yaml.Append("cluster:\n");
                AppendKey(yaml, "    uid", ClusterUid, 4);
            }
        }

        if (!string.IsNullOrEmpty(CaptureFilter))
        {
            AppendKey(yaml, "capture-filter", CaptureFilter, 0);
        }

        if (NoPromiscuousMode)
        {
            yaml.Append("no-promiscuous-mode: true\n");
        }

        AppendTargets(yaml);
        return yaml.ToString();
    }

    /// <summary>Block sequences as yaml.v3 emits them (indent 4, items' keys aligned after <c>- </c>).</summary>
    private void AppendTargets(StringBuilder yaml)
    {
        if (Targets is { Count: > 0 } targets)
        {
            yaml.Append("targets:\n");
            foreach (var target in targets)
            {
                AppendKey(yaml.Append("    - "), "name", target.Name, 6);
                AppendKey(yaml.Append("      "), "type", target.Type, 6);
                AppendKey(yaml.Append("      "), "prefix", target.Prefix, 6);
                yaml.Append("      netns: ").Append(target.Netns.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                if (target.Interfaces.Count == 0)
                {
                    yaml.Append("      interfaces: []\n");
                    continue;
                }

                yaml.Append("      interfaces:\n");
                foreach (var name in target.Interfaces)
                {
                    yaml.Append("        -");
                    YamlScalar.AppendValue(yaml, name, 8);
                }
            }
        }

        if (Unresolved is { Count: > 0 } unresolved)
        {
            yaml.Append("unresolved-targets:\n");
            foreach (var missing in unresolved)
            {
                AppendKey(yaml.Append("    - "), "name", missing.Name, 6);
                AppendKey(yaml.Append("      "), "reason", missing.Reason, 6);
            }
        }
    }

    private static void AppendKey(StringBuilder yaml, string key, string value, int indent)
    {
        yaml.Append(key).Append(':');
        YamlScalar.AppendValue(yaml, value ?? string.Empty, indent);
    }
}
