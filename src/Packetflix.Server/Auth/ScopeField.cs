namespace Packetflix.Server.Auth;

/// <summary>Which attribute of a discovered target a <see cref="ScopeCondition"/> looks at.</summary>
internal enum ScopeField
{
    /// <summary><c>type:GLOB</c>: the engine type (docker, podman, containerd, pod, proc, bindmount, ...).</summary>
    Type,

    /// <summary><c>prefix:GLOB</c>: the engine prefix (names of enclosing containers, "" on the host).</summary>
    Prefix,

    /// <summary><c>name:GLOB</c>: the target's name, whatever its type.</summary>
    Name,

    /// <summary><c>pod:NAMESPACE/POD</c> glob: the pod of pods and of containers that carry pod labels.</summary>
    Pod,

    /// <summary><c>ENGINE:GLOB</c>, e.g. <c>docker:web*</c>: that type and a name matching the glob.</summary>
    TypedName,
}
