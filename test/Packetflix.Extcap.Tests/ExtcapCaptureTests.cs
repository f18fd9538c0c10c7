using System.Net.WebSockets;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>The plugin binary's <c>--capture --fifo</c> against the fake service, read through a real fifo.</summary>
public sealed class ExtcapCaptureTests
{
    private const string Target = """{"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"prefix":"","pid":10,"starttime":20}""";

    private static async Task<string> MakeFifoAsync(TempDirectory temp)
    {
        var path = temp.File("fifo");
        await Shell.RunCheckedAsync("mkfifo", [path], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return path;
    }

    private static string[] CaptureArgs(string fifo, FakePacketflixService service, params string[] extra) =>
        ["--capture", "--extcap-interface", "mobyshark", "--fifo", fifo, "--dockerhosturl", service.HostUrl,
            "--container", Uri.EscapeDataString(Target), "--nif", "eth0", .. extra];

    /// <summary>
    /// Reads the fifo to EOF and returns all bytes read. Once <paramref name="packets"/> packets (more than 0) arrived,
    /// either runs <paramref name="whenReached"/> once and reads on to EOF, or (without it) stops reading and closes the
    /// fifo, which is how a Wireshark that went away looks to the plugin.
    /// </summary>
    private static async Task<byte[]> ReadFifoAsync(string fifo, int packets, Func<Task>? whenReached, CancellationToken cancellationToken)
    {
        await using var reader = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: false);
        using var data = new MemoryStream();
        var buffer = new byte[65536];
        var reached = false;
        while (true)
        {
            var n = await reader.ReadAsync(buffer, cancellationToken);
            if (n == 0)
            {
                break;
            }

            data.Write(buffer, 0, n);
            if (!reached && packets > 0 && TryCount(data.ToArray()) >= packets)
            {
                reached = true;
                if (whenReached is null)
                {
                    break;
                }

                await whenReached();
            }
        }

        return data.ToArray();
    }

    private static int TryCount(byte[] data)
    {
        var state = default(PcapngReaderState);
        var offset = 0;
        var count = 0;
        while (PcapngReader.TryReadBlock(data.AsSpan(offset), ref state, out var block, out var consumed))
        {
            offset += consumed;
            count += block is EnhancedPacketBlock ? 1 : 0;
        }

        return count;
    }

    [Theory(Timeout = 60000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Capture_PacketflixLink_SavedTokenOnlyToTheHostItWasSavedFor(bool sameHost)
    {
        // Whoever wrote a packetflix: link chose its host; Wireshark's saved token belongs to the docker host URL.
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("mkfifo");
        using var temp = new TempDirectory();
        await using var service = await FakePacketflixService.StartAsync(ct);
        var fifo = await MakeFifoAsync(temp);
        var link = $"packetflix:ws://{service.BaseUri.Authority}/capture?container={Uri.EscapeDataString(Target)}&nif=eth0";
        using var plugin = ExtcapBinary.Start(["--capture", "--extcap-interface", "packetflix", "--fifo", fifo, "--url", link,
            "--dockerhosturl", sameHost ? service.HostUrl : "http://192.0.2.1:5001", "--token", "s3cret"]);
        try
        {
            await ReadFifoAsync(fifo, 1, null, ct);
            var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.Equal(sameHost, record.Headers.TryGetValue("Authorization", out var authorization));
            Assert.Equal(sameHost ? "Bearer s3cret" : null, authorization);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(plugin);
        }
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_Sigint_ClosesCiaoAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("mkfifo");
        using var temp = new TempDirectory();
        await using var service = await FakePacketflixService.StartAsync(ct);
        var fifo = await MakeFifoAsync(temp);
        using var plugin = ExtcapBinary.Start(CaptureArgs(fifo, service, "--token", "s3cret", "--snaplen", "128", "--noprom"));
        try
        {
            // The fifo stays open across the signal: a reader that went away would stop the plugin by itself (EPIPE),
            // racing the SIGINT this test is about. After the signal the plugin closes the fifo, so the read ends.
            var data = await ReadFifoAsync(fifo, 3, () =>
            {
                ExtcapBinary.Signal(plugin, "INT");
                return Task.CompletedTask;
            }, ct);
            await plugin.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.Equal(0, plugin.ExitCode);

            var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, record.ClientCloseStatus);
            Assert.Equal("ciao", record.ClientCloseReason);
            Assert.Equal("Bearer s3cret", record.Headers["Authorization"]);
            Assert.Equal("eth0", record.Headers["Clustershark-Nif"]);
            Assert.Contains("\"name\":\"web\"", record.Headers["Clustershark-Container"], StringComparison.Ordinal);
            Assert.True(record.Headers.ContainsKey("Clustershark-Chaste"));
            Assert.Contains("snaplen=128", record.Query, StringComparison.Ordinal);
            Assert.Contains("container=%7B%22name%22%3A%22web%22", record.Query, StringComparison.Ordinal);

            // The SHB carries the client's view: node-name is the host we dialled, not the server's own name.
            var shb = Assert.IsType<SectionHeaderBlock>(TestPcapng.Read(data)[0]);
            Assert.Contains("node-name: 127.0.0.1\n", shb.Comment, StringComparison.Ordinal);
            Assert.Contains("no-promiscuous-mode: true\n", shb.Comment, StringComparison.Ordinal);
            Assert.DoesNotContain("server-node", shb.Comment, StringComparison.Ordinal);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(plugin);
        }
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_ServerErrorClose_PrintsReasonAndExitsOne()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("mkfifo");
        using var temp = new TempDirectory();
        await using var service = await FakePacketflixService.StartAsync(ct);
        service.PacketsBeforeClose = 0;
        service.CloseStatus = WebSocketCloseStatus.InternalServerError;
        service.CloseReason = "could not locate network namespace for container";
        var fifo = await MakeFifoAsync(temp);
        using var plugin = ExtcapBinary.Start(CaptureArgs(fifo, service));
        try
        {
            var stderr = plugin.StandardError.ReadToEndAsync(ct);
            await ReadFifoAsync(fifo, 0, null, ct);
            await plugin.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(1, plugin.ExitCode);
            Assert.Contains("could not locate network namespace for container", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(plugin);
        }
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_ServerEndsNormally_AllPacketsAndExitZero()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("mkfifo");
        using var temp = new TempDirectory();
        await using var service = await FakePacketflixService.StartAsync(ct);
        service.PacketsBeforeClose = 4;
        var fifo = await MakeFifoAsync(temp);
        using var plugin = ExtcapBinary.Start(CaptureArgs(fifo, service));
        try
        {
            var data = await ReadFifoAsync(fifo, 0, null, ct);
            await plugin.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(0, plugin.ExitCode);
            Assert.Equal(4, TestPcapng.CountPackets(data));
        }
        finally
        {
            ExtcapBinary.KillIfRunning(plugin);
        }
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_FifoReaderGone_ClosesCiaoAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("mkfifo");
        using var temp = new TempDirectory();
        await using var service = await FakePacketflixService.StartAsync(ct);
        var fifo = await MakeFifoAsync(temp);
        using var plugin = ExtcapBinary.Start(CaptureArgs(fifo, service));
        try
        {
            await ReadFifoAsync(fifo, 2, null, ct);
            await plugin.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(0, plugin.ExitCode);
            var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, record.ClientCloseStatus);
            Assert.Equal("ciao", record.ClientCloseReason);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(plugin);
        }
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_InvalidContainer_ExitsOneWithUpstreamMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("mkfifo");
        using var temp = new TempDirectory();
        var fifo = await MakeFifoAsync(temp);
        using var plugin = ExtcapBinary.Start(["--capture", "--extcap-interface", "mobyshark", "--fifo", fifo,
            "--dockerhosturl", "http://127.0.0.1:1", "--container", "garbage"]);
        try
        {
            var stderr = plugin.StandardError.ReadToEndAsync(ct);
            await ReadFifoAsync(fifo, 0, null, ct);
            await plugin.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(1, plugin.ExitCode);
            Assert.Contains("--container information missing or invalid", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(plugin);
        }
    }
}
