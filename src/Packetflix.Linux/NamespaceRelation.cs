namespace Packetflix.Linux;

/// <summary>What <see cref="NamespaceFile.TryGetRelated"/> asks the kernel for (ioctl_ns(2)).</summary>
public enum NamespaceRelation
{
    /// <summary>NS_GET_USERNS: the user namespace that owns the namespace.</summary>
    OwningUserNamespace = 1,

    /// <summary>NS_GET_PARENT: the parent of a PID or user namespace.</summary>
    Parent = 2,
}
