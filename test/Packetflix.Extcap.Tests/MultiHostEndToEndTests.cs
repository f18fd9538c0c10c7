using System.Globalization;
using System.Text.RegularExpressions;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>
/// Two real Packetflix services on 127.0.0.1 (each with its discovery proxied to a fake mobyshark that lists its own
/// FakeContainer), merged by the CLI into one file (docs/clients.md, "Several hosts"): tshark reads it, every packet's
/// <c>frame.interface_name</c> names its host, packets are in time order and the counts are what was sent.
/// </summary>
public sealed partial class MultiHostEndToEndTests
{
    /// <summary>Each ping is an echo request and a reply on the container's eth0 (IPv6 is off, the filter is icmp).</summary>
    private const int PingsPerContainer = 5;

    private sealed record Rig(FakeContainer Container, FakePacketflixService Discovery, RealServer Server) : IAsyncDisposable
    {
        /// <summary>The host part of the merged interface names: both services are on 127.0.0.1, so host and port.</summary>
        public string Label => new Uri(Server.HostUrl).Authority;

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Discovery.DisposeAsync();
            await Container.DisposeAsync();
        }
    }

    private static async Task<Rig> StartRigAsync(string name, CancellationToken cancellationToken)
    {
        var container = await FakeContainer.StartAsync(cancellationToken);
        FakePacketflixService? discovery = null;
        try
        {
            discovery = await FakePacketflixService.StartAsync(cancellationToken);
            discovery.DiscoveryJson = "{\"containers\":[" + EndToEndTests.TargetJson(container).Replace("\"fake-web\"", $"\"{name}\"",
                StringComparison.Ordinal) + "]}";
            var server = await RealServer.StartAsync(discovery.BaseUri.Port, cancellationToken);
            return new Rig(container, discovery, server);
        }
        catch
        {
            if (discovery is not null)
            {
                await discovery.DisposeAsync();
            }

            await container.DisposeAsync();
            throw;
        }
    }

    [Fact(Timeout = 240000)]
    public async Task Capture_TwoRealServicesMerged_OneTimeOrderedFileLabelledByHost()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var a = await StartRigAsync("merge-a", ct);
        await using var b = await StartRigAsync("merge-b", ct);
        using var temp = new TempDirectory();
        var file = temp.File("merged.pcapng");
        const int expected = 2 * 2 * PingsPerContainer;
        using var capture = ExtcapBinary.Start(["capture", "merge-a", "merge-b", "-i", "eth0", "-f", "icmp",
            "-c", expected.ToString(CultureInfo.InvariantCulture), "-w", file, "--host", a.Server.HostUrl, "--host", b.Server.HostUrl]);
        try
        {
            var stderr = capture.StandardError.ReadToEndAsync(ct);

            // Both services opened their capture (their IDBs are in the file) before any ping is sent.
            await Eventually.WaitUntilAsync(() => capture.HasExited || InterfacesIn(file) == 2, TimeSpan.FromSeconds(60), ct,
                "both services' interfaces in the merged file");
            Assert.False(capture.HasExited, "the CLI ended early: " + (capture.HasExited ? await stderr : string.Empty));

            // Concurrent, so the two hosts' packets interleave in time.
            await Task.WhenAll(a.Container.PingPeerAsync(PingsPerContainer, ct), b.Container.PingPeerAsync(PingsPerContainer, ct));
            await capture.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            var err = await stderr;
            Assert.True(capture.ExitCode == 0, err);

            var rows = await Tshark.FieldsAsync(file, ["frame.interface_name", "frame.time_epoch", "icmp.type"], ct);
            Assert.Equal(expected, rows.Count);
            Assert.Equal(2 * PingsPerContainer, rows.Count(r => r[0] == $"{a.Label}:merge-a/eth0"));
            Assert.Equal(2 * PingsPerContainer, rows.Count(r => r[0] == $"{b.Label}:merge-b/eth0"));
            Assert.All(rows, r => Assert.True(r[2] is "0" or "8", r[2]));

            // In time order; a packet that reached the client later than the 25 ms window would be written out of order,
            // and the CLI says how many did.
            var times = rows.Select(r => decimal.Parse(r[1], NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
            var stepsBack = times.Zip(times.Skip(1)).Count(p => p.Second < p.First);
            var late = Late().Match(err) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            Assert.True(stepsBack <= late, $"{stepsBack} steps back in time but {late} late packets reported:\n{err}");
            Assert.Contains($"{expected} packets captured", err, StringComparison.Ordinal);

            var shb = Assert.IsType<SectionHeaderBlock>(TestPcapng.Read(await File.ReadAllBytesAsync(file, ct))[0]);
            Assert.Contains("container-name: merge-a\n", shb.Comment, StringComparison.Ordinal);
            Assert.Contains("merge-b", shb.Comment, StringComparison.Ordinal);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(capture);
        }
    }

    /// <summary>IDBs in a file that is still being written; 0 while it is missing or mid-block.</summary>
    private static int InterfacesIn(string file)
    {
        try
        {
            return TestPcapng.Read(File.ReadAllBytes(file)).Count(b => b is InterfaceDescriptionBlock);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return 0;
        }
    }

    [GeneratedRegex(@"(\d+) packets arrived later than")]
    private static partial Regex Late();
}
