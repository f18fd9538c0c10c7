using Packetflix.Discovery.Engines;
using Packetflix.Linux;

namespace Packetflix.Bench.Discovery;

/// <summary>No engines: the bench measures namespaces, processes and rtnetlink.</summary>
internal sealed class NullEngines : IEngineSource
{
    public Task<EngineSnapshot> GetAsync(ProcessTable processes, CancellationToken cancellationToken) => Task.FromResult(EngineSnapshot.Empty);
}
