using System.Text;
using Packetflix.Discovery.Namespaces;
using Packetflix.Linux;

namespace Packetflix.Discovery.Tests.Namespaces;

/// <summary>Netns from processes and from nsfs bind mounts, with hostile mountinfo input.</summary>
public sealed class NamespaceScannerTests
{
    [Fact]
    public void AddBindMounts_TenThousandLineMountinfo_FindsOnlyNetMounts()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            text.Append(i % 1000 == 0
                ? $"{i} 1 0:4 net:[{4026540000 + i}] /run/netns/n{i} rw shared:5 - nsfs nsfs rw\n"
                : $"{i} 1 8:1 / /mnt/disk{i} rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
        }

        text.Append("999 1 0:4 mnt:[4026539999] /run/mntns rw - nsfs nsfs rw\n");
        var records = new Dictionary<ulong, NetnsRecord>();

        NamespaceScanner.AddBindMounts(records, [new MountinfoText(1, 5, text.ToString())], ownMntns: 5);

        Assert.Equal(10, records.Count);
        Assert.Equal(["/run/netns/n0"], records[4026540000].BindMounts);
        Assert.Equal(["/run/netns/n0"], records[4026540000].BindMountPaths);
    }

    [Fact]
    public void AddBindMounts_Garbage_IgnoredWithoutThrowing()
    {
        var random = new Random(42);
        var bytes = new byte[200_000];
        random.NextBytes(bytes);
        var garbage = Encoding.Latin1.GetString(bytes) + "\n - nsfs\n1 2 3 net:[ /x - nsfs\n1 2 3 net:[abc] /y rw - nsfs nsfs\n\0\0 - nsfs";
        var records = new Dictionary<ulong, NetnsRecord>();

        NamespaceScanner.AddBindMounts(records, [new MountinfoText(1, 5, garbage)], ownMntns: 5);

        Assert.Empty(records);
    }

    [Fact]
    public void AddBindMounts_OtherMountNamespace_ReachedThroughProcRoot()
    {
        var records = new Dictionary<ulong, NetnsRecord>();
        NamespaceScanner.AddBindMounts(records,
        [
            new MountinfoText(4321, 9, "40 30 0:4 net:[4026532999] /run/docker/netns/abc rw - nsfs nsfs rw\n"),
            new MountinfoText(1, 5, "40 30 0:4 net:[4026532999] /run/netns/x rw - nsfs nsfs rw\n"),
        ], ownMntns: 5);

        var record = records[4026532999];
        Assert.Equal(["/run/netns/x", "/run/docker/netns/abc"], record.BindMounts);
        Assert.Equal(["/run/netns/x", "/proc/4321/root/run/docker/netns/abc"], record.BindMountPaths);
    }

    [Fact]
    public void FromProcesses_KthreaddAndChildren_Skipped()
    {
        var table = new ProcessTable([
            new ProcessInfo(1, 0, "init", 10, 100, 1, 1, [1]),
            new ProcessInfo(2, 0, "kthreadd", 10, 100, 1, 1, [2]),
            new ProcessInfo(3, 2, "kworker", 10, 100, 1, 1, [3]),
            new ProcessInfo(50, 1, "sleep", 10, 200, 1, 1, [50]),
            new ProcessInfo(51, 50, "sleep", 10, 200, 1, 1, [51]),
        ]);

        var records = NamespaceScanner.FromProcesses(table, ownNetns: 100);

        Assert.True(records[100].Initial);
        Assert.Equal([1], records[100].Processes.Select(p => p.Pid));
        Assert.Equal([50], records[200].Leaders.Select(p => p.Pid));
        Assert.Equal([50, 51], records[200].Processes.Select(p => p.Pid));
    }

    [Fact]
    public void Scan_LiveSystem_ContainsOwnNetns()
    {
        NamespaceInode.TryGet("/proc/thread-self/ns/net", out var own);
        var records = NamespaceScanner.Scan(ProcessTable.Scan(), own, 0);
        Assert.Contains(own, records.Keys);
    }
}
