using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Packetflix.Core.Pcapng;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>Talks to a Packetflix started outside the test process (a container, a user-65534 process).</summary>
internal static class DeployedService
{
    /// <summary>A port free on the host's loopback now (the service binds it next; 5001 may be in use by a developer).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <c>/readyz</c> until 200, failing with <paramref name="describe"/>'s text when the deadline passes
    /// or <paramref name="exited"/> says the service is gone.</summary>
    public static async Task WaitReadyAsync(Uri baseUri, Func<Task<bool>> exited, Func<Task<string>> describe, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(baseUri, "/readyz"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // One slow answer on a busy host.
            }

            if (await exited())
            {
                Assert.Fail($"the service exited before it was ready: {await describe()}");
            }

            await Task.Delay(250, ct);
        }

        Assert.Fail($"the service was not ready within 2 minutes: {await describe()}");
    }

    /// <summary>Captures <paramref name="count"/> ICMP echo requests in <paramref name="netns"/> through the service's
    /// <c>/capture</c>, as the extcap plugin would.</summary>
    public static async Task CaptureEchoRequestsAsync(Uri baseUri, ulong netns, int count, CancellationToken ct)
    {
        var uri = new Uri($"ws://{baseUri.Authority}/capture?netns={netns.ToString(CultureInfo.InvariantCulture)}&nif=eth0&filter=icmp");
        await using var client = await CaptureClient.ConnectAsync(uri, ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await client.WaitForAsync(
            blocks => blocks.OfType<EnhancedPacketBlock>().Count(PacketAssertions.IsIcmpEchoRequest) >= count, deadline.Token);
        await client.CloseAsync(ct);
    }

    /// <summary>The network namespace inode of a process, from the host side.</summary>
    public static ulong NetnsOf(int pid)
    {
        // readlink gives "net:[4026532xyz]".
        var link = new FileInfo($"/proc/{pid}/ns/net").LinkTarget ?? throw new InvalidOperationException($"no netns link for pid {pid}");
        return ulong.Parse(link.AsSpan("net:[".Length, link.Length - "net:[".Length - 1), CultureInfo.InvariantCulture);
    }
}
