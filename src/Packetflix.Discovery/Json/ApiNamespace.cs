using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>One namespace of any type in <c>/api/namespaces</c> (docs/discovery.md, "Namespaces").</summary>
public sealed record ApiNamespace(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("inode")] ulong Inode,
    [property: JsonPropertyName("initial")] bool Initial,
    [property: JsonPropertyName("owner-uid")] uint? OwnerUid,
    [property: JsonPropertyName("owner-user")] string? OwnerUser,
    [property: JsonPropertyName("user-namespace")] ulong? UserNamespace,
    [property: JsonPropertyName("parent")] ulong? Parent,
    [property: JsonPropertyName("ealdorman")] ApiEaldorman? Ealdorman,
    [property: JsonPropertyName("leaders")] IReadOnlyList<ApiProcess> Leaders,
    [property: JsonPropertyName("process-count")] int ProcessCount,
    [property: JsonPropertyName("containers")] IReadOnlyList<ApiContainerRef> Containers,
    [property: JsonPropertyName("bind-mounts")] IReadOnlyList<string> BindMounts,
    [property: JsonPropertyName("partial")] bool Partial,
    [property: JsonPropertyName("reason")] string? Reason);
