using Packetflix.Discovery.Engines;
using Packetflix.Linux;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>An engine source reporting fixed containers.</summary>
internal sealed class FakeEngineSource : IEngineSource
{
    private readonly EngineSnapshot _snapshot;

    public FakeEngineSource(params ContainerInfo[] containers) => _snapshot = new EngineSnapshot([], containers);

    public Task<EngineSnapshot> GetAsync(ProcessTable processes, CancellationToken cancellationToken) => Task.FromResult(_snapshot);

    public static ContainerInfo Docker(string name, int pid) =>
        new($"id-{name}", name, "docker", pid, "running", new Dictionary<string, string>(), "", "fake");
}
