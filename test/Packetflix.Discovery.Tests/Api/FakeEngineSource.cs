using Packetflix.Discovery.Engines;
using Packetflix.Linux;

namespace Packetflix.Discovery.Tests.Api;

/// <summary>Reports fixed containers and counts calls.</summary>
internal sealed class FakeEngineSource : IEngineSource
{
    private readonly EngineSnapshot _snapshot;
    private int _calls;

    public FakeEngineSource(params ContainerInfo[] containers) =>
        _snapshot = new EngineSnapshot([new EngineInfo("fake", "docker", "1.0", "/run/fake.sock", 1, "")], containers);

    public int Calls => Volatile.Read(ref _calls);

    public Task<EngineSnapshot> GetAsync(ProcessTable processes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(_snapshot);
    }

    public static ContainerInfo Container(string name, string type, int pid, params (string Key, string Value)[] labels) =>
        new($"id-{name}", name, type, pid, "running", labels.ToDictionary(l => l.Key, l => l.Value), "", "fake");
}
