using Packetflix.Linux;

namespace Packetflix.Discovery.Engines;

/// <summary>Container engines and their containers, as known now. The implementation keeps warm per-engine caches,
/// so a call is cheap; it may wait a short, bounded time for the first sync of an engine it just found.</summary>
public interface IEngineSource
{
    /// <param name="processes">The current process table; engines are found among these processes.</param>
    /// <param name="cancellationToken">Cancels waiting for engines.</param>
    public Task<EngineSnapshot> GetAsync(ProcessTable processes, CancellationToken cancellationToken);
}
