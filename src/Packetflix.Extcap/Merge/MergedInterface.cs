using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Merge;

/// <summary>One interface of one host's stream in the merged section: its new interface id and what the merge
/// remembers of it to end it when its host's stream ends (docs/clients.md, "Several hosts").</summary>
internal sealed class MergedInterface(uint id, InterfaceClock clock)
{
    /// <summary>The interface id in the merged section (§4.2: the IDBs' order in the section).</summary>
    public uint Id { get; } = id;

    public InterfaceClock Clock { get; } = clock;

    /// <summary>The counters of the latest statistics block the service sent for it, or null.</summary>
    public InterfaceStatistics? LastStatistics { get; set; }
}
