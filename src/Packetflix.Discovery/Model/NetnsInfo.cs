namespace Packetflix.Discovery.Model;

/// <summary>A network namespace with its capture targets and interfaces.</summary>
/// <param name="Inode">Netns id (nsfs inode).</param>
/// <param name="Initial">True for the host's netns.</param>
/// <param name="BindMounts">nsfs bind mount points referring to it.</param>
/// <param name="Targets">Capture targets living in it, sorted by name and prefix.</param>
/// <param name="Interfaces">Its interfaces by ifindex; empty when it could not be entered.</param>
public sealed record NetnsInfo(
    ulong Inode,
    bool Initial,
    IReadOnlyList<string> BindMounts,
    IReadOnlyList<TargetInfo> Targets,
    IReadOnlyList<InterfaceInfo> Interfaces)
{
    /// <summary>Its routes as rtnetlink reported them; empty when it could not be entered.</summary>
    public IReadOnlyList<Netlink.RouteMessage> Routes { get; init; } = [];

    /// <summary>Names of the interfaces that are not DOWN, sorted: what a capture of this netns can open.</summary>
    public IReadOnlyList<string> CapturableInterfaces { get; } =
        [.. Interfaces.Where(i => !i.IsDown).Select(i => i.Name).Order(StringComparer.Ordinal)];
}
