using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>Per-container details in <c>/json</c> (docs/discovery.md, "Container details").</summary>
public sealed record UiDetails(
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("uts-hostname")] string? UtsHostname,
    [property: JsonPropertyName("hosts")] IReadOnlyList<UiHostEntry>? Hosts,
    [property: JsonPropertyName("nameservers")] IReadOnlyList<string>? Nameservers,
    [property: JsonPropertyName("search")] IReadOnlyList<string>? Search,
    [property: JsonPropertyName("capabilities")] UiCapabilities? Capabilities,
    [property: JsonPropertyName("cpu-affinity")] string? CpuAffinity,
    [property: JsonPropertyName("scheduler")] UiScheduler? Scheduler,
    [property: JsonPropertyName("partial")] bool Partial,
    [property: JsonPropertyName("reason")] string? Reason);
