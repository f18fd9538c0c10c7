using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Packetflix.Core;
using Packetflix.Discovery.Explorer;
using Packetflix.Discovery.Model;

namespace Packetflix.Discovery.Json;

/// <summary>Renders a <see cref="DiscoveryResult"/> as <c>/mobyshark</c> or <c>/json</c> (UTF-8 bytes).</summary>
public static class DiscoveryJson
{
    public const string Creator = "Packetflix";
    public const string CreatorId = "packetflix";

    // RT_TABLE_LOCAL: the kernel's own local and broadcast routes, one per address; left out as `ip route` does.
    private const uint LocalTable = 255;

    // A result never changes, and every /mobyshark within its freshness renders it again: render it once (at 10 000
    // targets that is milliseconds a request). The entries go with their results.
    private static readonly ConditionalWeakTable<DiscoveryResult, byte[]> MobysharkRendered = [];

    /// <summary>The <c>/mobyshark</c> document of <paramref name="result"/>, rendered once per result.</summary>
    public static ReadOnlyMemory<byte> Mobyshark(DiscoveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return MobysharkRendered.GetValue(result, RenderMobyshark);
    }

    private static byte[] RenderMobyshark(DiscoveryResult result)
    {
        var document = new MobysharkDocument(
            new MobysharkMetadata(Creator, CreatorId, PacketflixVersion.Version, Timestamp(result.CreatedAt), result.Hostname),
            [.. result.Targets.Select(p => new MobysharkTarget(p.Target.Name, p.Target.Type, p.Netns.Inode,
                p.Netns.CapturableInterfaces, p.Target.Pid, p.Target.StartTime, p.Target.Prefix))]);
        return JsonSerializer.SerializeToUtf8Bytes(document, DiscoveryJsonContext.Default.MobysharkDocument);
    }

    /// <summary>/json without the lazily computed parts (sockets, forwarded ports and details are null).</summary>
    public static byte[] Ui(DiscoveryResult result) => Ui(result, JsonExtras.Empty);

    /// <summary>/json with the parts <see cref="JsonExtrasBuilder"/> computed for this result.</summary>
    public static byte[] Ui(DiscoveryResult result, JsonExtras extras)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(extras);
        var document = new UiDocument(
            new UiMetadata(CreatorId, PacketflixVersion.Version, Timestamp(result.CreatedAt), result.Hostname, result.KernelVersion),
            [.. result.Engines.Select(e => new UiEngine(e.Id, e.Type, e.Version, e.ApiPath, e.Pid, e.Prefix))],
            [.. result.Namespaces.Select(n => Netns(n, extras))]);
        return JsonSerializer.SerializeToUtf8Bytes(document, DiscoveryJsonContext.Default.UiDocument);
    }

    /// <summary>RFC 3339 in UTC, whole seconds, as Go's time.RFC3339 prints it.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    private static UiNetns Netns(NetnsInfo n, JsonExtras extras)
    {
        var more = extras.Netns.GetValueOrDefault(n.Inode);
        var names = n.Interfaces.ToDictionary(i => i.Index, i => i.Name);
        return new UiNetns(n.Inode, n.Initial, n.BindMounts,
            [.. n.Targets.Select(t => new UiContainer(t.Name, t.Type, t.Prefix, t.ContainerId, t.State, t.Pid, t.StartTime,
                new SortedDictionary<string, string>(t.Labels.ToDictionary(), StringComparer.Ordinal), t.Pod,
                extras.Details.GetValueOrDefault(t.Pid)))],
            [.. n.Interfaces.Select(Interface)],
            [.. n.Routes.Where(r => r.Table != LocalTable).Select(r => new UiRoute(
                r.Family == Netlink.NetlinkConstants.AfInet ? "ipv4" : "ipv6", r.Destination, r.Gateway,
                names.GetValueOrDefault(r.OutputIndex), r.Table, r.Metric, Netlink.RouteParser.ScopeName(r.Scope),
                Netlink.RouteParser.ProtocolName(r.Protocol)))],
            more?.Sockets, more?.ForwardedPorts, more?.Reason is not null, more?.Reason);
    }

    private static UiInterface Interface(InterfaceInfo nif) => new(
        nif.Name, nif.Index, nif.Kind, nif.OperState, nif.Mac, nif.Mtu,
        nif.Master is { } master ? new UiInterfaceRef(master.Name, master.Index) : null,
        nif.Peer is { } peer ? new UiPeer(peer.Netns, peer.Index, peer.Name) : null,
        nif.Link is { } link ? new UiLink(link.Netns, link.Index, link.Name) : null,
        new UiAddresses(
            [.. nif.Ipv4.Select(a => new UiAddress(a.Address, a.PrefixLength))],
            [.. nif.Ipv6.Select(a => new UiAddress(a.Address, a.PrefixLength))]));
}
