using Packetflix.Discovery.Model;

namespace Packetflix.Server.Auth;

/// <summary>
/// A discovery result as a scoped token sees it (docs/security.md, "Per-token scopes"): only the targets in scope,
/// and only the network namespaces that hold one of them. A netns is capturable when at least one target in it is
/// in scope — the traffic of a netns is the traffic of every target sharing it (the containers of a pod).
/// </summary>
internal static class ScopedDiscovery
{
    public static bool Allows(TargetScope scope, TargetInfo target) => scope.Allows(target.Type, target.Prefix, target.Name, target.Pod);

    /// <summary>The result with only what <paramref name="scope"/> allows; a scope that matches nothing gives
    /// empty lists, not an error.</summary>
    /// <remarks>A new result rather than <c>with</c>: its <see cref="DiscoveryResult.Targets"/> is computed from the
    /// namespaces at construction, and a copy would keep the unfiltered list.</remarks>
    public static DiscoveryResult Filter(DiscoveryResult result, TargetScope scope) =>
        new(result.CreatedAt, result.Hostname, result.KernelVersion, result.Engines,
        [
            .. result.Namespaces
                .Select(n => n with { Targets = [.. n.Targets.Where(t => Allows(scope, t))] })
                .Where(n => n.Targets.Count > 0),
        ]);

    /// <summary>Null when the netns is unknown to <paramref name="result"/>; else whether a target in it is in scope.</summary>
    public static bool? AllowsNetns(DiscoveryResult result, ulong inode, TargetScope scope)
    {
        var netns = result.Namespaces.FirstOrDefault(n => n.Inode == inode);
        return netns is null ? null : netns.Targets.Any(t => Allows(scope, t));
    }
}
