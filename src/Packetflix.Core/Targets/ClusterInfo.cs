using System.Text.Json.Serialization;

namespace Packetflix.Core.Targets;

/// <summary>Kubernetes cluster identity of a target (csharg <c>api.Cluster</c>).</summary>
public sealed class ClusterInfo
{
    /// <summary>The client-local kubeconfig context name.</summary>
    [JsonPropertyName("context")]
    public string Context { get; set => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The cluster UID (the kube-system namespace UID); omitted from JSON when empty, as in Go.</summary>
    [JsonPropertyName("uid")]
    public string Uid { get; set => field = value ?? string.Empty; } = string.Empty;
}
