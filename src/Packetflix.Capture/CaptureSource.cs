using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// One network namespace to capture from, with the interfaces wanted there. A session holds one or more
/// sources, so interfaces of several namespaces can share one pcapng section.
/// </summary>
/// <param name="Netns">The locked namespace; the session does not own it and never disposes it.</param>
/// <param name="Interfaces">Interface names; <c>any</c> is libpcap's cooked pseudo-device and <c>all</c>
/// expands to every interface present in the namespace when the capture starts.</param>
/// <param name="Description">Optional text for each interface's <c>if_description</c>, e.g. the container name.</param>
public sealed record CaptureSource(NetnsHandle Netns, IReadOnlyList<string> Interfaces, string? Description = null)
{
    /// <summary>Put before each interface name in its IDB's <c>if_name</c> (e.g. <c>web/</c> in a multi-target
    /// capture), or null for the bare name.</summary>
    public string? InterfacePrefix { get; init; }

    /// <summary>A pcap-filter(7) expression for this source's interfaces that overrides <see cref="CaptureOptions.Filter"/>.</summary>
    public string? Filter { get; init; }
}
