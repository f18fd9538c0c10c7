using Packetflix.Discovery.Explorer;
using Packetflix.Discovery.Namespaces;
using Packetflix.Linux;

namespace Packetflix.Discovery.Tests.Explorer;

public sealed class NamespaceCollectorTests
{
    private static ProcessInfo Process(int pid, int ppid, string comm) => new(pid, ppid, comm, (ulong)pid, 0, 0, 0, [pid]);

    private static Dictionary<NamespaceType, ulong> Namespaces(ulong net, ulong pid) => new()
    {
        [NamespaceType.Net] = net,
        [NamespaceType.Pid] = pid,
        [NamespaceType.User] = 100,
    };

    [Fact]
    public void Collect_ProcessVanishedMidScan_LeftOutAndCounted()
    {
        var table = new ProcessTable([Process(1, 0, "init"), Process(10, 1, "gone"), Process(11, 1, "web"), Process(12, 11, "worker")]);
        var links = new Dictionary<int, Dictionary<NamespaceType, ulong>>
        {
            [1] = Namespaces(1, 2),
            [11] = Namespaces(5, 6),
            [12] = Namespaces(5, 2),
        };

        var snapshot = NamespaceCollector.Collect(table, pid => links.GetValueOrDefault(pid) ?? [], [], 0, []);

        Assert.Equal(1, snapshot.Vanished);
        var net = snapshot.Find(NamespaceType.Net, 5)!;
        Assert.False(net.Initial);
        Assert.Equal([11], net.Leaders.Select(p => p.Pid));
        Assert.Equal([11, 12], net.Processes.Select(p => p.Pid));
        Assert.Equal(11, net.Ealdorman!.Pid);

        // The worker went back to the initial PID namespace: there it is a leader, since its parent is not.
        Assert.Contains(snapshot.Find(NamespaceType.Pid, 2)!.Leaders, p => p.Pid == 12);
        Assert.True(snapshot.Find(NamespaceType.User, 100)!.Initial);
        Assert.Single(snapshot.Find(NamespaceType.User, 100)!.Leaders);
    }

    [Fact]
    public void Collect_NsfsBindMountsOfAnyType_Added()
    {
        var table = new ProcessTable([Process(1, 0, "init")]);
        var mountinfo = """
            36 35 0:4 mnt:[4026532999] /run/pf/mnt rw shared:5 - nsfs nsfs rw
            37 35 0:4 uts:[4026532998] /run/pf/uts rw - nsfs nsfs rw
            """;

        var snapshot = NamespaceCollector.Collect(table, _ => Namespaces(1, 2), [new MountinfoText(1, 7, mountinfo)], 7, []);

        Assert.Equal(["/run/pf/mnt"], snapshot.Find(NamespaceType.Mnt, 4026532999)!.BindMounts);
        Assert.Equal(["/run/pf/uts"], snapshot.Find(NamespaceType.Uts, 4026532998)!.BindMountPaths);
        Assert.Null(snapshot.Find(NamespaceType.Mnt, 4026532999)!.Ealdorman);
    }

    [Fact]
    public void Parse_Passwd_NamesByUid()
    {
        var users = PasswdFile.Parse("root:x:0:0:root:/root:/bin/bash\nbroken\nnobody:x:65534:65534::/:/sbin/nologin\n");

        Assert.Equal("root", users[0]);
        Assert.Equal("nobody", users[65534]);
        Assert.Equal(2, users.Count);
    }
}
