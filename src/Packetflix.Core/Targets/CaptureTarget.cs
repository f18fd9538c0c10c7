using System.Text.Json;
using System.Text.Json.Serialization;

namespace Packetflix.Core.Targets;

/// <summary>
/// A capture target as csharg's <c>api.Target</c> describes it (docs/protocol.md §5). Properties are
/// declared in Go's field order, which is also the serialization order.
/// </summary>
public sealed class CaptureTarget
{
    /// <summary>Container, pod, process or bind-mount name; with <see cref="Prefix"/> the re-lookup key.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set => field = value ?? string.Empty; } = string.Empty;

    /// <summary>Target type such as <c>docker</c> or <c>pod</c>; informational only.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set => field = value ?? string.Empty; } = string.Empty;

    /// <summary>Inode number of the target's network namespace.</summary>
    [JsonPropertyName("netns")]
    [JsonConverter(typeof(GoInt64Converter))]
    public long Netns { get; set; }

    /// <summary>The target's network interfaces; <see langword="null"/> when unknown.</summary>
    [JsonPropertyName("network-interfaces")]
    public List<string>? NetworkInterfaces { get; set; }

    /// <summary>Name prefix for nested container engines; with <see cref="Name"/> the re-lookup key.</summary>
    [JsonPropertyName("prefix")]
    public string Prefix { get; set => field = value ?? string.Empty; } = string.Empty;

    /// <summary>Start time of <see cref="Pid"/> in clock ticks since boot (/proc/PID/stat field 22); 0 if unknown.</summary>
    [JsonPropertyName("starttime")]
    [JsonConverter(typeof(GoInt64Converter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StartTime { get; set; }

    /// <summary>PID of the target's root process; 0 if unknown.</summary>
    [JsonPropertyName("pid")]
    [JsonConverter(typeof(GoInt64Converter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Pid { get; set; }

    /// <summary>Name of the node (container host); omitted from JSON when null or empty.</summary>
    [JsonPropertyName("node-name")]
    public string? NodeName { get; set; }

    /// <summary>Kubernetes cluster identity, if any.</summary>
    [JsonPropertyName("cluster")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClusterInfo? Cluster { get; set; }

    /// <summary>Ours, only in a multi-target request's <c>targets</c> list: a pcap-filter(7) expression for this
    /// target's interfaces that overrides the request's <c>filter</c>; omitted from JSON when null.</summary>
    [JsonPropertyName("filter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Filter { get; set; }

    /// <summary>Capture service name for cluster routing; kept verbatim, ignored by packetflix.</summary>
    [JsonPropertyName("capture-service")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? CaptureService { get; set; }

    /// <summary>Capture service port for cluster routing; kept verbatim, ignored by packetflix.</summary>
    [JsonPropertyName("captureport")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? CapturePort { get; set; }
}
