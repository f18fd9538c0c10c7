using Packetflix.Discovery.Explorer;

namespace Packetflix.Discovery.Tests.Explorer;

public sealed class ProcParsersTests
{
    [Fact]
    public void Parse_ProcNetTcp_EndpointsStatesInodes()
    {
        const string Text = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
               1: 0100007F:1F90 0200007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 777 1
               garbage line
            """;

        var sockets = ProcNetSockets.Parse(Text, udp: false);

        Assert.Equal(("listen", "0.0.0.0:80", "0.0.0.0:0", 12345UL), sockets[0]);
        Assert.Equal(("established", "127.0.0.1:8080", "127.0.0.2:50000", 777UL), sockets[1]);
        Assert.Equal(2, sockets.Count);
    }

    [Fact]
    public void TryEndpoint_Ipv6Loopback_Bracketed()
    {
        Assert.True(ProcNetSockets.TryEndpoint("00000000000000000000000001000000:0035", out var endpoint));
        Assert.Equal("[::1]:53", endpoint);
        Assert.Equal("listen", ProcNetSockets.StateName(7, udp: true));
    }

    [Fact]
    public void ParseResolvConf_NameserversAndLastSearch()
    {
        var (nameservers, search) = DnsFiles.ParseResolvConf("# c\nnameserver 10.0.0.2\nsearch a.org\nsearch b.org c.org\nnameserver ::1 ; x\noptions ndots:0\n");

        Assert.Equal(["10.0.0.2", "::1"], nameservers);
        Assert.Equal(["b.org", "c.org"], search);
    }

    [Fact]
    public void ParseHosts_CommentsSkipped()
    {
        var hosts = DnsFiles.ParseHosts("127.0.0.1\tlocalhost # me\n# nothing\n10.0.0.5 db db.local\nbroken\n");

        Assert.Equal(2, hosts.Count);
        Assert.Equal(["db", "db.local"], hosts[1].Names);
    }

    [Fact]
    public void Decode_DockerDefaultMask_NoNonDefault()
    {
        var caps = Capabilities.Decode("00000000a80425fb");

        Assert.Equal(14, caps.Count);
        Assert.All(caps, c => Assert.Contains(c, Capabilities.DockerDefault));
        Assert.Contains("CAP_NET_ADMIN", Capabilities.Decode("00000000a80435fb"));
    }

    [Fact]
    public void TryParseScheduling_CommWithParens_NiceAndPolicy()
    {
        var stat = "42 (a) b) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 -5 1 0 4711 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 3 0 0 0";

        Assert.True(ProcFacts.TryParseScheduling(stat, out var nice, out var policy));
        Assert.Equal(-5, nice);
        Assert.Equal("SCHED_BATCH", ProcFacts.PolicyName(policy));
        Assert.Equal("0-1", ProcFacts.StatusField("Name:\tx\nCpus_allowed_list:\t0-1\n", "Cpus_allowed_list"));
    }

    [Fact]
    public void Parse_DockerProxyCmdline_Forwarding()
    {
        var port = DockerProxyPorts.Parse("/usr/bin/docker-proxy\0-proto\0tcp\0-host-ip\0127.0.0.1\0-host-port\032768\0-container-ip\0172.17.0.2\0-container-port\080\0");

        Assert.Equal(("tcp", "127.0.0.1", 32768, "172.17.0.2", 80), port);
        Assert.Null(DockerProxyPorts.Parse("/usr/bin/docker-proxy -proto tcp"));
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadDetails_NoResolvConf_PartialWithReason()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pf-proc-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "7", "root", "etc"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "7", "root", "etc", "hostname"), "box\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(root, "7", "root", "etc", "hosts"), "10.0.0.1 a\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(root, "7", "status"), "CapBnd:\t00000000a80425fb\nCpus_allowed_list:\t0\n", TestContext.Current.CancellationToken);

            var details = await ContainerDetailsReader.ReadAsync(7, root);

            Assert.Equal("box", details.Hostname);
            Assert.Single(details.Hosts!);
            Assert.Null(details.Nameservers);
            Assert.Equal("0", details.CpuAffinity);
            Assert.True(details.Partial);
            Assert.Contains("/etc/resolv.conf", details.Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadDetails_HostnameLinkedToAHostFile_NotRead()
    {
        // A container's /etc/hostname -> /etc/shadow must be the container's /etc/shadow, not ours.
        var root = Path.Combine(Path.GetTempPath(), $"pf-proc-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "7", "root", "etc"));
        try
        {
            var secret = Path.Combine(root, "secret");
            await File.WriteAllTextAsync(secret, "host secret\n", TestContext.Current.CancellationToken);
            File.CreateSymbolicLink(Path.Combine(root, "7", "root", "etc", "hostname"), secret);

            var details = await ContainerDetailsReader.ReadAsync(7, root);

            Assert.Null(details.Hostname);
            Assert.Contains("/etc/hostname", details.Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
