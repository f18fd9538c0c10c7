using Packetflix.Discovery.Engines;
using Packetflix.Linux;

namespace Packetflix.Discovery.Tests.Engines;

public sealed class EngineStackerTests
{
    // Host: dockerd 100 runs container "node" (shim 150, init 200). Inside it (PID namespace 9, where init 200 is PID 1),
    // containerd 210 (inner PID 5) runs "pod/app" (shim 250 = inner 15; init 300 = inner 20, and PID 1 of its own
    // namespace 11). Inside "app", a third engine (dockerd 310 = inner 21, PID namespace 11) runs "deep" (init 320).
    private static readonly ProcessTable Table = new(
    [
        new ProcessInfo(1, 0, "init", 1, 1, 1, 1, [1]),
        new ProcessInfo(100, 1, "dockerd", 1, 1, 1, 1, [100]),
        new ProcessInfo(150, 1, "containerd-shim", 1, 1, 1, 1, [150]),
        new ProcessInfo(200, 150, "sh", 1, 2, 2, 9, [200, 1]),
        new ProcessInfo(210, 200, "containerd", 1, 2, 2, 9, [210, 5]),
        new ProcessInfo(250, 200, "containerd-shim", 1, 2, 2, 9, [250, 15]),
        new ProcessInfo(300, 250, "sleep", 1, 3, 3, 11, [300, 20, 1]),
        new ProcessInfo(310, 300, "dockerd", 1, 3, 3, 11, [310, 21, 2]),
        new ProcessInfo(320, 310, "sleep", 1, 4, 4, 12, [320, 22, 3, 1]),
        // Another container's process at host level with NSpid 20 in a sibling namespace: must not be picked.
        new ProcessInfo(400, 1, "sleep", 1, 5, 5, 13, [400, 20]),
    ]);

    [Fact(Timeout = 30_000)]
    public async Task Build_NestedEngines_PrefixesAndHostPids()
    {
        await using var host = new FakeWatcher(new EngineInfo("host", "docker", "1", "/proc/100/root/run/docker.sock", 100, ""), "docker",
            FakeWatcher.Container("node", 200));
        await using var inner = new FakeWatcher(new EngineInfo("inner", "containerd", "1", "/proc/210/root/c.sock", 210, ""), "containerd",
            FakeWatcher.Container("pod/app", 20));
        await using var deep = new FakeWatcher(new EngineInfo("deep", "docker", "1", "/proc/310/root/d.sock", 310, ""), "docker",
            FakeWatcher.Container("deep", 3));

        var snapshot = EngineStacker.Build(Table, [host, inner, deep]);

        Assert.Equal("", snapshot.Engines.Single(e => e.Id == "host").Prefix);
        Assert.Equal("node", snapshot.Engines.Single(e => e.Id == "inner").Prefix);
        Assert.Equal("node/pod/app", snapshot.Engines.Single(e => e.Id == "deep").Prefix);
        var app = snapshot.Containers.Single(c => c.Name == "pod/app");
        Assert.Equal(300, app.Pid);
        Assert.Equal("node", app.Prefix);
        Assert.Equal("inner", app.EngineId);
        Assert.Equal("containerd", app.Type);
        var deepContainer = snapshot.Containers.Single(c => c.Name == "deep");
        Assert.Equal(320, deepContainer.Pid);
        Assert.Equal("node/pod/app", deepContainer.Prefix);
        Assert.Equal(200, snapshot.Containers.Single(c => c.Name == "node").Pid);
    }

    [Fact(Timeout = 30_000)]
    public async Task Build_NestedPidWithoutProcess_ContainerSkipped()
    {
        await using var inner = new FakeWatcher(new EngineInfo("inner", "containerd", "1", "/x", 210, ""), "containerd",
            FakeWatcher.Container("ghost", 999));
        Assert.Empty(EngineStacker.Build(Table, [inner]).Containers);
    }
}
