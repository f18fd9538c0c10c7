using Microsoft.Extensions.Logging.Abstractions;
using Packetflix.Discovery.Engines;

namespace Packetflix.Discovery.Tests.Engines;

/// <summary>A watcher with a fixed portfolio, for stacking tests.</summary>
internal sealed class FakeWatcher : EngineWatcher
{
    public FakeWatcher(EngineInfo info, string containerType, params EngineContainer[] containers)
        : base(info, containerType, NullLogger.Instance, TimeProvider.System)
    {
        ReplaceScope("", containers);
    }

    public static EngineContainer Container(string name, int pid) => new(name, name + "-id", name, pid, Paused: false, new Dictionary<string, string>());

    protected override Task WatchAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    protected override void DisposeResources()
    {
    }
}
