using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Model;
using Packetflix.Discovery.Namespaces;
using Packetflix.Linux;

namespace Packetflix.Discovery.Tests.Api;

/// <summary>Capture-target rules on a synthetic process table.</summary>
public sealed class TargetMapperTests
{
    private const ulong HostNet = 4026531840;
    private const ulong PodNet = 4026532001;
    private const ulong HostPid = 4026531836;
    private const ulong PodPid = 4026532002;

    private static ProcessInfo Process(int pid, int ppid, string comm, ulong net, ulong pidns = HostPid) =>
        new(pid, ppid, comm, (ulong)pid * 10, net, 1, pidns, [pid]);

    private static ProcessTable Table() => new([
        Process(1, 0, "systemd", HostNet),
        Process(2, 0, "kthreadd", HostNet),
        Process(3, 2, "kworker/0:0", HostNet),
        Process(100, 1, "containerd-shim", HostNet),
        Process(101, 100, "pause", PodNet, PodPid),
        Process(102, 100, "nginx", PodNet, PodPid),
        Process(103, 102, "nginx", PodNet, PodPid),
        Process(104, 100, "sh", PodNet, PodPid),
    ]);

    private static Dictionary<ulong, NetnsRecord> Records(ProcessTable table) => NamespaceScanner.FromProcesses(table, HostNet);

    [Fact]
    public void Map_NoEngines_ProcLeadersAndKernelThreadsSkipped()
    {
        var table = Table();
        var targets = TargetMapper.Map(Records(table), table, EngineSnapshot.Empty);

        Assert.Equal(["systemd(1)"], targets[HostNet].Select(t => t.Name));
        Assert.Equal(["nginx(102)", "pause(101)", "sh(104)"], targets[PodNet].Select(t => t.Name));
        Assert.All(targets[PodNet], t => Assert.Equal("proc", t.Type));
        Assert.Equal(1010UL, targets[PodNet][1].StartTime);
    }

    [Fact]
    public void Map_PodOfTwoCriContainers_OnePodTarget()
    {
        var table = Table();
        (string, string)[] pod = [("io.kubernetes.pod.namespace", "default"), ("io.kubernetes.pod.name", "web-1")];
        var sandbox = FakeEngineSource.Container("sandbox", "CRI", 101, [.. pod, ("io.kubernetes.sandbox", "")]) with { Prefix = "kind-control-plane" };
        var nginx = FakeEngineSource.Container("nginx", "CRI", 102, pod) with { Prefix = "kind-control-plane" };
        var engines = new EngineSnapshot([], [sandbox, nginx]);

        var targets = TargetMapper.Map(Records(table), table, engines)[PodNet];

        var target = Assert.Single(targets);
        Assert.Equal(("default/web-1", "pod", "kind-control-plane", 101, 1010UL), (target.Name, target.Type, target.Prefix, target.Pid, target.StartTime));
        Assert.Equal("id-sandbox", target.ContainerId);
        Assert.Equal("default/web-1", target.Pod);
    }

    [Fact]
    public void Map_DockershimPod_OnePodTargetWithoutSandbox()
    {
        // What a 1.20 kubelet with the built-in dockershim leaves on dockerd: the pause sandbox and the app container.
        var table = Table();
        (string, string)[] pod = [("io.kubernetes.pod.namespace", "default"), ("io.kubernetes.pod.name", "web")];
        var sandbox = FakeEngineSource.Container("k8s_POD_web_default_0b1c_0", "docker", 101,
            [.. pod, ("io.kubernetes.docker.type", "podsandbox"), ("io.kubernetes.container.name", "POD")]);
        var app = FakeEngineSource.Container("k8s_c_web_default_0b1c_0", "docker", 102,
            [.. pod, ("io.kubernetes.docker.type", "container"), ("io.kubernetes.container.name", "c")]);
        var engines = new EngineSnapshot([], [app, sandbox]);

        var targets = TargetMapper.Map(Records(table), table, engines)[PodNet];

        var target = Assert.Single(targets);
        Assert.Equal(("default/web", "pod", "default/web"), (target.Name, target.Type, target.Pod));
        Assert.Equal("id-k8s_POD_web_default_0b1c_0", target.ContainerId);
    }

    [Fact]
    public void Map_DockerContainer_ReplacesProcEntriesOfItsPidNamespace()
    {
        var table = Table();
        var engines = new EngineSnapshot([], [FakeEngineSource.Container("web", "docker", 101)]);

        var targets = TargetMapper.Map(Records(table), table, engines)[PodNet];

        var target = Assert.Single(targets);
        Assert.Equal(("web", "docker", "id-web", 1010UL), (target.Name, target.Type, target.ContainerId, target.StartTime));
        Assert.Null(target.Pod);
    }

    [Fact]
    public void Map_SharedNetns_OneTargetPerContainer()
    {
        var table = Table();
        var engines = new EngineSnapshot([], [FakeEngineSource.Container("a", "docker", 101), FakeEngineSource.Container("b", "podman", 104)]);

        var targets = TargetMapper.Map(Records(table), table, engines)[PodNet];

        Assert.Equal([("a", "docker"), ("b", "podman")], targets.Select(t => (t.Name, t.Type)));
    }

    [Fact]
    public void Map_ProcesslessBindMount_BindmountTargetWithJoinedPaths()
    {
        var table = Table();
        var records = Records(table);
        NamespaceScanner.AddBindMounts(records, [new MountinfoText(1, 7,
            "40 30 0:4 net:[4026532999] /run/netns/x rw - nsfs nsfs rw\n41 30 0:4 net:[4026532999] /var/run/netns/x rw - nsfs nsfs rw\n")], 7);

        var target = Assert.Single(TargetMapper.Map(records, table, EngineSnapshot.Empty)[4026532999]);

        Assert.Equal(("/run/netns/x:/var/run/netns/x", "bindmount", 0, 0UL), (target.Name, target.Type, target.Pid, target.StartTime));
    }

    [Fact]
    public void Map_ContainerWhosePidIsGone_Dropped()
    {
        var table = Table();
        var engines = new EngineSnapshot([], [FakeEngineSource.Container("ghost", "docker", 99999)]);
        Assert.DoesNotContain(TargetMapper.Map(Records(table), table, engines).Values.SelectMany(t => t), t => t.Name == "ghost");
    }

    [Fact]
    public void Map_UnshareLauncherWithPidNamespaceInit_InitIsTheTarget()
    {
        var table = new ProcessTable([
            Process(1, 0, "systemd", HostNet),
            Process(200, 1, "unshare", 4026532100),
            new ProcessInfo(201, 200, "sleep", 2010, 4026532100, 1, 4026532101, [201, 1]),
        ]);

        var target = Assert.Single(TargetMapper.Map(Records(table), table, EngineSnapshot.Empty)[4026532100]);

        Assert.Equal(("sleep(201)", 201, 2010UL), (target.Name, target.Pid, target.StartTime));
    }
}
