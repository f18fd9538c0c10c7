using Packetflix.Linux;
using static Packetflix.Discovery.Tests.Engines.EngineTestHelpers;

namespace Packetflix.Discovery.Tests.Engines;

[Collection(RealEnginesCollection.Name)]
public sealed class NestedEngineTests(RealEngines engines)
{
    // The host's containerd, ctr, shim and runc, bind-mounted read-only with the libraries they link (ldd: libc,
    // libseccomp), start a containerd inside a busybox container, which runs a container of its own from a plain rootfs.
    private const string InnerScript =
        "mkdir -p /run/containerd /var/lib/containerd; /usr/bin/containerd >/tmp/containerd.log 2>&1 & "
        + "for i in $(seq 100); do /usr/bin/ctr version >/dev/null 2>&1 && break; sleep 0.1; done; "
        + "/usr/bin/ctr -n pfinner run -d --rootfs /inner-rootfs inner /bin/sleep 1000 >/tmp/ctr.log 2>&1; exec sleep 100000";

    [Fact(Timeout = 180_000)]
    public async Task GetAsync_ContainerdInsideDockerContainer_InnerContainerHasOuterPrefixAndHostPid()
    {
        engines.Require();
        var outer = UniqueName("nest");
        try
        {
            // Not --privileged: it asks for CAP_SYS_RESOURCE, which this machine's bounding set lacks.
            await RunAsync("docker", "run", "-d", "--name", outer, "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
                "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
                "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", "-v", "/usr/bin:/usr/bin:ro", "-v", "/usr/sbin:/usr/sbin:ro",
                "-v", "/usr/lib:/lib:ro", "-v", "/usr/lib64:/lib64:ro", "-v", RealEngines.Rootfs + ":/inner-rootfs:ro",
                RealEngines.DockerImage, "sh", "-c", InnerScript);

            await using var discovery = NewDiscovery();
            var snapshot = await WaitForAsync(discovery, s => s.Containers.Any(c => c.Name == "pfinner/inner" && c.Prefix == outer),
                TimeSpan.FromSeconds(60), "inner container with prefix");

            var inner = Assert.Single(snapshot.Containers, c => c.Name == "pfinner/inner" && c.Prefix == outer);
            Assert.Equal("containerd", inner.Type);
            var process = ProcessTable.Scan().Get(inner.Pid);
            Assert.NotNull(process);
            Assert.Equal("sleep", process.Comm);
            // The inner engine reported the PID as seen in the outer container's PID namespace; we report the host PID.
            Assert.Equal(3, process.NsPids.Count);
            var reported = (await RunAsync("docker", "exec", outer, "/usr/bin/ctr", "-n", "pfinner", "tasks", "ls")).StdOut;
            Assert.Contains($" {process.NsPids[1]} ", reported, StringComparison.Ordinal);

            var innerEngine = Assert.Single(snapshot.Engines, e => e.Id == inner.EngineId);
            Assert.Equal(outer, innerEngine.Prefix);
            Assert.StartsWith($"/proc/{innerEngine.Pid}/root/", innerEngine.ApiPath, StringComparison.Ordinal);
            var outerContainer = Assert.Single(snapshot.Containers, c => c.Name == outer);
            Assert.Equal("", outerContainer.Prefix);
            Assert.Equal("docker", outerContainer.Type);
        }
        finally
        {
            await CleanupAsync("docker", "rm", "-f", outer);
        }
    }
}
