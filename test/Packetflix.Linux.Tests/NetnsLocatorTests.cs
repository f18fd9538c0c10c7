using System.Diagnostics;
using System.Globalization;
using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public class NetnsLocatorTests
{
    [Fact(Timeout = 30000)]
    public async Task Locate_UnshareContainer_FindsProcessPath()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);

        var location = new NetnsLocator().Locate(container.NetnsInode);

        Assert.NotNull(location);
        Assert.NotNull(location.Pid);
        Assert.Equal($"/proc/{location.Pid}/ns/net", location.Path);
        Assert.True(NamespaceInode.TryGet(location.Path, out var inode));
        Assert.Equal(container.NetnsInode, inode);
    }

    [Fact(Timeout = 30000)]
    public async Task Locate_IpNetnsAdd_FindsRunNetnsBindMount()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);

        var location = new NetnsLocator().Locate(pair.InodeA);

        Assert.Equal(new NetnsLocation(pair.PathA, null), location);
    }

    [Fact(Timeout = 30000)]
    public async Task Locate_BindMountOnlyInOtherMountNamespace_FindsItThroughProcRoot()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        var nsFile = directory.File("netns");

        // A private mount namespace whose only reference to a new netns is a bind mount that does not propagate
        // to ours (unshare --net=FILE, see unshare(1)); the shell then stays alive holding that mount namespace.
        var startInfo = new ProcessStartInfo(ToolPath("unshare"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["--mount", "--propagation", "private", "sh", "-c",
            $"touch {nsFile} && unshare --net={nsFile} true && stat -L -c %i {nsFile} && exec sleep 60"])
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var holder = Process.Start(startInfo)!;
        try
        {
            var line = await holder.StandardOutput.ReadLineAsync(ct);
            if (line is null)
            {
                Assert.Fail(await holder.StandardError.ReadToEndAsync(ct));
            }

            var inode = ulong.Parse(line, CultureInfo.InvariantCulture);

            var location = new NetnsLocator().Locate(inode);

            Assert.NotNull(location);
            Assert.Null(location.Pid);
            Assert.StartsWith("/proc/", location.Path, StringComparison.Ordinal);
            Assert.EndsWith($"/root{nsFile}", location.Path, StringComparison.Ordinal);
            Assert.True(NamespaceInode.TryGet(location.Path, out var found));
            Assert.Equal(inode, found);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Locate_BogusInode_ReturnsNull()
    {
        Assert.Null(new NetnsLocator().Locate(1));
    }

    [Fact]
    public void Locate_FakeProcTree_FindsFakeProcess()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("123/ns"));
        Directory.CreateDirectory(directory.File("self/ns"));
        File.CreateSymbolicLink(directory.File("123/ns/net"), "/proc/self/ns/net");
        File.WriteAllText(directory.File("self/mountinfo"), string.Empty);
        Assert.True(NamespaceInode.TryGet("/proc/self/ns/net", out var ownNetns));

        var location = new NetnsLocator(directory.Path + "/").Locate(ownNetns);

        Assert.Equal(new NetnsLocation(directory.File("123/ns/net"), 123), location);
    }

    [Fact(Timeout = 30000)]
    public async Task FindProcessesInNetns_UnshareContainer_ContainsContainerPid()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);

        var pids = new NetnsLocator().FindProcessesInNetns(container.NetnsInode, 10);

        Assert.Contains(container.Pid, pids);
        Assert.Single(new NetnsLocator().FindProcessesInNetns(container.NetnsInode, 1));
    }

    private static readonly string[] ToolDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    private static string ToolPath(string name)
    {
        return ToolDirectories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists) ?? name;
    }
}
