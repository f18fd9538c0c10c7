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

        return yaml.ToString();
    }

    private static void AppendKey(StringBuilder yaml, string key, string value, int indent)
    {
        yaml.Append(key).Append(':');
        YamlScalar.AppendValue(yaml, value ?? string.Empty, indent);
    }
}
