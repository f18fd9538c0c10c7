using Packetflix.Discovery.Engines;
using Packetflix.Linux;

namespace Packetflix.Server.Discovery;

/// <summary>No container engines: registered only when nothing better is (then discovery still finds every
/// netns, stand-alone process and bind mount).</summary>
internal sealed class NullEngineSource : IEngineSource
{
    public Task<EngineSnapshot> GetAsync(ProcessTable processes, CancellationToken cancellationToken) =>
        Task.FromResult(EngineSnapshot.Empty);
}
