using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>One mount point in <c>/api/mounts/{mntns}</c> (docs/discovery.md, "Mounts").</summary>
public sealed record ApiMount(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("parent")] int Parent,
    [property: JsonPropertyName("mount-point")] string MountPoint,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("fstype")] string FsType,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("options")] string Options,
    [property: JsonPropertyName("super-options")] string SuperOptions,
    [property: JsonPropertyName("read-only")] bool ReadOnly,
    [property: JsonPropertyName("propagation")] ApiPropagation Propagation,
    [property: JsonPropertyName("hidden")] bool Hidden,
    [property: JsonPropertyName("hidden-by")] int? HiddenBy);
