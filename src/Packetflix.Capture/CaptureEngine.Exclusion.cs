using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>Our own traffic (docs/architecture.md, "Our own traffic"; edgeshark #44): an interface in the namespace
/// where our server's sockets live gets <c>(user filter) and not (our connections)</c>, opened with the connections
/// of that moment and re-installed by the capture thread when they change. pcap_setfilter needs no setns (the
/// filter is attached to the socket, whatever namespace the calling thread is in), but the handles are touched by
/// the capture thread only.</summary>
internal sealed partial class CaptureEngine
{
    /// <summary>The <see cref="IOwnConnections.Version"/> the interfaces were last checked against.</summary>
    private long _ownTrafficSeen = -1;

    /// <summary>The options to open a source with: the exclusion clause when the source lives where our sockets do.</summary>
    private static (CaptureOptions Options, long Version) WithOwnTraffic(CaptureOptions options, ulong netnsInode)
    {
        if (options.OwnTraffic is not { } own || own.NetnsInode != netnsInode)
        {
            return (options, 0);
        }

        var connections = own.Snapshot(out var version);
        return (options with { OwnTrafficExclusion = OwnTrafficFilter.Match(connections) }, version);
    }

    /// <summary>Called on every loop iteration: one volatile read unless the connection set changed.</summary>
    private void RefreshOwnTraffic()
    {
        if (_options.OwnTraffic is not { } own || own.Version == _ownTrafficSeen)
        {
            return;
        }

        var connections = own.Snapshot(out var version);
        _ownTrafficSeen = version;
        string? exclusion = null;
        var built = false;
        foreach (var iface in _interfaces)
        {
            if (!iface.Open || !iface.ExcludesOwn || iface.OwnTrafficVersion == version)
            {
                continue;
            }

            if (!built)
            {
                exclusion = OwnTrafficFilter.Match(connections);
                built = true;
            }

            iface.OwnTrafficVersion = version;
            var user = iface.Filter ?? _options.Filter;
            var filter = OwnTrafficFilter.Combine(user, exclusion) ?? "";
            if (iface.Handle.SetFilter(filter) != PcapFilterResult.Installed)
            {
                // The filter installed before stays; the user's part of it is unchanged.
                CaptureLog.OwnTrafficFilterFailed(_logger, Id, iface.DisplayName ?? iface.Name, iface.Handle.LastError);
            }
        }
    }
}
