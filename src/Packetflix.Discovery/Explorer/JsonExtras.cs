using Packetflix.Discovery.Json;

namespace Packetflix.Discovery.Explorer;

/// <summary>What <c>/json</c> adds to a discovery result: per netns (by inode) and per target (by PID).</summary>
public sealed record JsonExtras(IReadOnlyDictionary<ulong, NetnsExtras> Netns, IReadOnlyDictionary<int, UiDetails> Details)
{
    public static JsonExtras Empty { get; } = new(new Dictionary<ulong, NetnsExtras>(), new Dictionary<int, UiDetails>());
}
