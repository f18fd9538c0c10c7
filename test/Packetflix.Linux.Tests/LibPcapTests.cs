using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public class LibPcapTests
{
    // DLT_EN10MB from <pcap/dlt.h>: Linux reports lo as Ethernet.
    private const int DltEthernet = 1;

    [Fact]
    public void TryLoad_Installed_ReportsVersion()
    {
        RequireLibPcap();
        Assert.StartsWith("libpcap version", LibPcap.Version, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task NextEx_PingOnLoopbackOfOtherNetns_CapturesAllPackets()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        RequireLibPcap();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        using var netns = File.OpenHandle(pair.PathA);

        using var pcap = await NetnsThread.RunAsync(netns, () => OpenLoopback());
        Assert.Equal(DltEthernet, Interop.Pcap.pcap_datalink(pcap));
        Assert.Equal(65535, Interop.Pcap.pcap_snapshot(pcap));

        var ping = Shell.RunCheckedAsync(
            "ip", ["netns", "exec", pair.NameA, "busybox", "ping", "-c", "3", "-i", "0.2", "127.0.0.1"], TimeSpan.FromSeconds(20), ct);
        var packets = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (packets < 6 && DateTime.UtcNow < deadline)
        {
            // Non-blocking pcap plus poll, because a blocking pcap_next_ex can hang without traffic (docs/protocol.md §18.1).
            var ready = FdPoll.WaitReadable(pcap, 200);
            Assert.True(ready.Error is Errno.None or Errno.EINTR, ready.Error.ToString());
            packets += Drain(pcap);
        }

        await ping;
        var received = ReadReceived(pcap);
        Assert.True(packets >= 6, $"captured {packets} packets");
        Assert.True(received >= 6, $"ps_recv {received}");
    }

    [Fact]
    public unsafe void Compile_BadFilter_FailsWithGeterrMessage()
    {
        Privileged.Require();
        RequireLibPcap();
        using var pcap = OpenLoopback();

        Interop.Pcap.BpfProgram program;
        var rc = Interop.Pcap.pcap_compile(pcap, &program, "this is not a filter", 1, Interop.Pcap.NetmaskUnknown);

        Assert.Equal((int)PcapStatus.Error, rc);
        Assert.False(string.IsNullOrWhiteSpace(Interop.Pcap.GetError(pcap)));
    }

    [Fact]
    public unsafe void Compile_GoodFilter_SetsFilter()
    {
        Privileged.Require();
        RequireLibPcap();
        using var pcap = OpenLoopback();

        Interop.Pcap.BpfProgram program;
        Assert.Equal(0, Interop.Pcap.pcap_compile(pcap, &program, "icmp", 1, Interop.Pcap.NetmaskUnknown));
        try
        {
            Assert.Equal(0, Interop.Pcap.pcap_setfilter(pcap, &program));
        }
        finally
        {
            Interop.Pcap.pcap_freecode(&program);
        }
    }

    [Fact]
    public unsafe void Create_UnknownDevice_ActivateFailsWithNoSuchDevice()
    {
        Privileged.Require();
        RequireLibPcap();
        var errbuf = stackalloc byte[Interop.Pcap.ErrbufSize];
        using var pcap = Interop.Pcap.pcap_create("pf-no-such-if", errbuf);
        Assert.False(pcap.IsInvalid);

        var rc = Interop.Pcap.pcap_activate(pcap);

        Assert.Equal(PcapStatus.NoSuchDevice, (PcapStatus)rc);
        Assert.NotEmpty(Interop.Pcap.StatusToString(rc));
    }

    private static unsafe SafePcapHandle OpenLoopback()
    {
        var errbuf = stackalloc byte[Interop.Pcap.ErrbufSize];
        var pcap = Interop.Pcap.pcap_create("lo", errbuf);
        if (pcap.IsInvalid)
        {
            throw new InvalidOperationException(Interop.FromCString(errbuf));
        }

        try
        {
            Check(pcap, Interop.Pcap.pcap_set_snaplen(pcap, 65535));
            Check(pcap, Interop.Pcap.pcap_set_promisc(pcap, 1));
            Check(pcap, Interop.Pcap.pcap_set_tstamp_precision(pcap, Interop.Pcap.TstampPrecisionNano));
            Check(pcap, Interop.Pcap.pcap_set_immediate_mode(pcap, 1));
            Check(pcap, Interop.Pcap.pcap_activate(pcap));
            if (Interop.Pcap.pcap_setnonblock(pcap, 1, errbuf) != 0)
            {
                throw new InvalidOperationException(Interop.FromCString(errbuf));
            }

            return pcap;
        }
        catch
        {
            pcap.Dispose();
            throw;
        }
    }

    private static unsafe uint ReadReceived(SafePcapHandle pcap)
    {
        Interop.Pcap.PcapStat stats;
        Assert.Equal(0, Interop.Pcap.pcap_stats(pcap, &stats));
        return stats.PsRecv;
    }

    private static void Check(SafePcapHandle pcap, int rc)
    {
        if (rc < 0)
        {
            throw new InvalidOperationException($"{(PcapStatus)rc}: {Interop.Pcap.GetError(pcap)}");
        }
    }

    private static unsafe int Drain(SafePcapHandle pcap)
    {
        var count = 0;
        while (true)
        {
            Interop.Pcap.PcapPacketHeader* header;
            byte* data;
            var rc = Interop.Pcap.pcap_next_ex(pcap.DangerousGetHandle(), &header, &data);
            if (rc != 1)
            {
                Assert.True(rc == 0, $"pcap_next_ex: {rc} {Interop.Pcap.GetError(pcap)}");
                return count;
            }

            Assert.True(header->CapLen > 0 && header->CapLen <= header->Len);

            // Nanosecond precision was requested, so the fraction must stay below one second.
            Assert.InRange((long)header->TvUsec, 0, 999_999_999);
            count++;
        }
    }

    private static void RequireLibPcap()
    {
        Privileged.RequireThat(LibPcap.TryLoad(out var error), error ?? string.Empty);
    }
}
