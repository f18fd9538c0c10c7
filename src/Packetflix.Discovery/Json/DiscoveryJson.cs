using System.Globalization;
using System.Text.Json;
using Packetflix.Core;
using Packetflix.Discovery.Model;

namespace Packetflix.Discovery.Json;

/// <summary>Renders a <see cref="DiscoveryResult"/> as <c>/mobyshark</c> or <c>/json</c> (UTF-8 bytes).</summary>
public static class DiscoveryJson
{
    public const string Creator = "Packetflix";
    public const string CreatorId = "packetflix";

    public static byte[] Mobyshark(DiscoveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new MobysharkDocument(
            new MobysharkMetadata(Creator, CreatorId, PacketflixVersion.Version, Timestamp(result.CreatedAt), result.Hostname),
            [.. result.Targets.Select(p => new MobysharkTarget(p.Target.Name, p.Target.Type, p.Netns.Inode,
                p.Netns.CapturableInterfaces, p.Target.Pid, p.Target.StartTime, p.Target.Prefix))]);
        return JsonSerializer.SerializeToUtf8Bytes(document, DiscoveryJsonContext.Default.MobysharkDocument);
    }

    public static byte[] Ui(DiscoveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new UiDocument(
            new UiMetadata(CreatorId, PacketflixVersion.Version, Timestamp(result.CreatedAt), result.Hostname, result.KernelVersion),
            [.. result.Engines.Select(e => new UiEngine(e.Id, e.Type, e.Version, e.ApiPath, e.Pid, e.Prefix))],
            [.. result.Namespaces.Select(n => new UiNetns(n.Inode, n.Initial, n.BindMounts,
                [.. n.Targets.Select(t => new UiContainer(t.Name, t.Type, t.Prefix, t.ContainerId, t.State, t.Pid, t.StartTime,
                    new SortedDictionary<string, string>(t.Labels.ToDictionary(), StringComparer.Ordinal), t.Pod))],
                [.. n.Interfaces.Select(Interface)]))]);
        return JsonSerializer.SerializeToUtf8Bytes(document, DiscoveryJsonContext.Default.UiDocument);
    }

    /// <summary>RFC 3339 in UTC, whole seconds, as Go's time.RFC3339 prints it.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    private static UiInterface Interface(InterfaceInfo nif) => new(
        nif.Name, nif.Index, nif.Kind, nif.OperState, nif.Mac, nif.Mtu,
        nif.Master is { } master ? new UiInterfaceRef(master.Name, master.Index) : null,
        nif.Peer is { } peer ? new UiPeer(peer.Netns, peer.Index, peer.Name) : null,
        new UiAddresses(
            [.. nif.Ipv4.Select(a => new UiAddress(a.Address, a.PrefixLength))],
            [.. nif.Ipv6.Select(a => new UiAddress(a.Address, a.PrefixLength))]));
}
