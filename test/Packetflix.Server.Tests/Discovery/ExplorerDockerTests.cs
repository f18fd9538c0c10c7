using System.Globalization;
using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>/json details of a real Docker container: DNS files, UTS hostname, a listening socket and a published port
/// (from the engine's inspection, merged with its docker-proxy process if dockerd runs one).</summary>
public sealed class ExplorerDockerTests
{
    /// <summary>Imported from busybox-static by test/engines.sh.</summary>
    private const string Image = "local/busybox:latest";

    private static readonly TimeSpan DockerTimeout = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 180_000)]
    public async Task Json_RealDockerContainer_DnsSocketAndForwardedPort()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        var ct = TestContext.Current.CancellationToken;
        var version = await Shell.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(version.ExitCode == 0, "dockerd is not running (test.sh starts it through test/engines.sh)");
        var name = $"pfexp-{Guid.NewGuid():N}"[..18];
        try
        {
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", name, "--hostname", "pf-explored",
                "--dns", "10.99.0.53", "--dns-search", "pf.example", "--add-host", "pfdb:10.99.0.7",
                "-p", "127.0.0.1:0:80", Image, "nc", "-l", "-p", "80"], DockerTimeout, ct);
            var published = (await Shell.RunCheckedAsync("docker", ["port", name, "80/tcp"], DockerTimeout, ct)).StdOut.Trim();
            var hostPort = int.Parse(published.Split('\n')[0][(published.LastIndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            await using var server = await PacketflixTestServer.StartAsync(ct);
            using var http = new HttpClient();

            JsonElement netns = default, container = default;
            await Eventually.WaitUntilAsync(async c =>
            {
                var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUri, "/json"), c)).RootElement.Clone();
                foreach (var ns in json.GetProperty("network-namespaces").EnumerateArray())
                {
                    foreach (var target in ns.GetProperty("containers").EnumerateArray())
                    {
                        if (target.GetProperty("name").GetString() == name
                            && ns.GetProperty("sockets").ValueKind == JsonValueKind.Array
                            && ns.GetProperty("sockets").EnumerateArray().Any(s => s.GetProperty("state").GetString() == "listen"))
                        {
                            (netns, container) = (ns, target);
                            return true;
                        }
                    }
                }

                return false;
            }, Eventually.DefaultDeadline, ct, "container with its listening socket in /json");

            var details = container.GetProperty("details");
            Assert.Equal("pf-explored", details.GetProperty("hostname").GetString());
            Assert.Equal("pf-explored", details.GetProperty("uts-hostname").GetString());
            Assert.Contains("10.99.0.53", details.GetProperty("nameservers").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains("pf.example", details.GetProperty("search").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains(details.GetProperty("hosts").EnumerateArray(), h => h.GetProperty("address").GetString() == "10.99.0.7"
                && h.GetProperty("names").EnumerateArray().Any(n => n.GetString() == "pfdb"));
            Assert.Contains("CAP_CHOWN", details.GetProperty("capabilities").GetProperty("bounding").EnumerateArray().Select(e => e.GetString()));
            Assert.Empty(details.GetProperty("capabilities").GetProperty("non-default").EnumerateArray());
            Assert.Equal("SCHED_OTHER", details.GetProperty("scheduler").GetProperty("policy").GetString());
            Assert.False(string.IsNullOrEmpty(details.GetProperty("cpu-affinity").GetString()));

            // busybox nc binds a dual-stack socket: tcp6 [::]:80 (or tcp 0.0.0.0:80 where IPv6 is off).
            var listener = Assert.Single(netns.GetProperty("sockets").EnumerateArray(),
                s => s.GetProperty("state").GetString() == "listen" && s.GetProperty("local").GetString() is "0.0.0.0:80" or "[::]:80");
            Assert.Equal("nc", listener.GetProperty("process").GetString());
            Assert.Equal(name, listener.GetProperty("container").GetString());
            Assert.Equal(container.GetProperty("pid").GetInt32(), listener.GetProperty("pid").GetInt32());

            // One entry for the published port, whether dockerd carries it with a docker-proxy process or (with
            // --userland-proxy=false) only in the kernel: it comes from the engine's inspection (source "docker"),
            // with the proxy's PID where there is one.
            var forwarded = Assert.Single(netns.GetProperty("forwarded-ports").EnumerateArray(),
                p => p.GetProperty("host-port").GetInt32() == hostPort);
            Assert.Equal(("127.0.0.1", 80, name, "tcp", "docker"), (forwarded.GetProperty("host-address").GetString(),
                forwarded.GetProperty("container-port").GetInt32(), forwarded.GetProperty("container").GetString(),
                forwarded.GetProperty("proto").GetString(), forwarded.GetProperty("source").GetString()));
            var ip = netns.GetProperty("network-interfaces").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "eth0")
                .GetProperty("addresses").GetProperty("ipv4")[0].GetProperty("address").GetString();
            Assert.Equal(ip, forwarded.GetProperty("container-address").GetString());
            if (forwarded.GetProperty("pid").GetInt32() is > 0 and var proxyPid)
            {
                Assert.Equal("docker-proxy", File.ReadAllText($"/proc/{proxyPid.ToString(CultureInfo.InvariantCulture)}/comm").Trim());
            }

            Assert.Contains(netns.GetProperty("routes").EnumerateArray(), r => r.GetProperty("dst").GetString() == "0.0.0.0/0"
                && r.GetProperty("dev").GetString() == "eth0" && r.GetProperty("family").GetString() == "ipv4");
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", name], DockerTimeout, CancellationToken.None);
        }
    }
}
