using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Engines.Containerd;
using Packetflix.Tests.Common;

namespace Packetflix.Discovery.Tests.Engines;

public sealed class EngineSocketsTests
{
    private const string UnixTable = """
        Num       RefCount Protocol Flags    Type St Inode Path
        0000000000000000: 00000002 00000000 00010000 0001 01 100394 /var/run/docker.sock
        0000000000000000: 00000002 00000000 00010000 0001 01 100395 @/containerd-shim/abstract.sock
        0000000000000000: 00000002 00000000 00000000 0001 03 100396 /run/connected.sock
        0000000000000000: 00000002 00000000 00010000 0002 01 100397 /run/dgram.sock
        0000000000000000: 00000002 00000000 00010000 0001 01 100398
        0000000000000000: 00000002 00000000 00010000 0001 01 100399 /run/with space.sock
        """;

    [Fact]
    public void ParseListening_ProcNetUnix_KeepsListeningNamedStreamSocketsOnly()
    {
        var sockets = EngineSockets.ParseListening(UnixTable);
        Assert.Equal(2, sockets.Count);
        Assert.Equal("/var/run/docker.sock", sockets[100394]);
        Assert.Equal("/run/with space.sock", sockets[100399]);
    }

    [Fact]
    public void ResolveInRoot_AbsoluteSymlink_StaysInsideRoot()
    {
        using var dir = new TempDirectory();
        var root = dir.Path;
        Directory.CreateDirectory(Path.Combine(root, "run", "docker"));
        File.WriteAllText(Path.Combine(root, "run", "docker", "api.sock"), "");
        Directory.CreateDirectory(Path.Combine(root, "var"));
        // Absolute: must resolve to <root>/run, never to the host's /run.
        File.CreateSymbolicLink(Path.Combine(root, "var", "run"), "/run");
        File.CreateSymbolicLink(Path.Combine(root, "run", "api.sock"), "docker/../docker/api.sock");

        Assert.Equal($"{root}/run/docker/api.sock", EngineSockets.ResolveInRoot(root, "/var/run/docker/api.sock"));
        Assert.Equal($"{root}/run/docker/api.sock", EngineSockets.ResolveInRoot(root, "/var/run/api.sock"));
        Assert.Null(EngineSockets.ResolveInRoot(root, "/var/run/missing.sock"));
    }

    [Fact]
    public void ResolveInRoot_SymlinkLoop_GivesUp()
    {
        using var dir = new TempDirectory();
        File.CreateSymbolicLink(dir.File("a"), "/b");
        File.CreateSymbolicLink(dir.File("b"), "/a");
        Assert.Null(EngineSockets.ResolveInRoot(dir.Path, "/a"));
    }

    [Fact]
    public void Find_OwnListeningSocket_FoundThroughProcRoot()
    {
        using var dir = new TempDirectory();
        using var listener = new System.Net.Sockets.Socket(
            System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(dir.File("api.sock")));
        listener.Listen(1);

        var found = EngineSockets.Find(Environment.ProcessId);
        Assert.Contains($"/proc/{Environment.ProcessId}/root{dir.File("api.sock")}", found);
    }

    [Theory]
    [InlineData("default", "web", null, "web")]
    [InlineData("pftest", "web", null, "pftest/web")]
    [InlineData("pftest", "web", "nice", "nice")]
    public void DisplayName_ContainerdRules(string ns, string id, string? nerdctlName, string expected)
    {
        var labels = nerdctlName is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["nerdctl/name"] = nerdctlName };
        Assert.Equal(expected, ContainerdWatcher.DisplayName(ns, id, labels));
    }
}
