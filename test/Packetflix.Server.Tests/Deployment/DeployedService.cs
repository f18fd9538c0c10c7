using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>Talks to a Packetflix started outside the test process (a container, a user-65534 process).</summary>
/// <remarks>Services are started with <c>--port 0</c> and found by the address they log: the kernel picks a free port as
/// the service binds it, where a port chosen by the test first could be taken by another test assembly before the
/// service binds it (and 5001 may be in use by a developer).</remarks>
internal static partial class DeployedService
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);

    /// <summary>The address in the service's "listening on http://127.0.0.1:PORT" log line in <paramref name="log"/>
    /// (text or JSON log format); null when it is not there (yet).</summary>
    public static Uri? ListeningUri(string log) => Listening().Match(log) is { Success: true } match ? new Uri(match.Groups[1].Value) : null;

    /// <summary>Polls <paramref name="log"/> (the service's output so far) until it names the address the service
    /// listens on; fails with the log when <paramref name="exited"/> says the service is gone or the deadline passes.</summary>
    public static async Task<Uri> WaitListeningAsync(Func<Task<string>> log, Func<Task<bool>> exited, CancellationToken ct)
    {
        Uri? uri = null;
        var ended = await Eventually.TryWaitUntilAsync(async _ => (uri = ListeningUri(await log())) is not null || await exited(),
            StartDeadline, ct);
        if (uri is null)
        {
            Assert.Fail((ended ? "the service exited before it listened: " : "the service did not log its address within 2 minutes: ")
                + await log());
        }

        return uri;
    }

    /// <summary>Reads <paramref name="output"/> line by line until one matches <paramref name="pattern"/>, then keeps
    /// draining it in the background (so a full pipe never blocks the writer); fails with <paramref name="describe"/>'s
    /// text when the output ends first or the deadline passes.</summary>
    public static async Task<Match> ReadUntilAsync(StreamReader output, Regex pattern, Func<Task<string>> describe, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StartDeadline);
        try
        {
            while (await output.ReadLineAsync(deadline.Token) is { } line)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    _ = output.ReadToEndAsync(CancellationToken.None);
                    return match;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"no line matching {pattern} within 2 minutes: {await describe()}");
        }

        Assert.Fail($"the output ended without a line matching {pattern}: {await describe()}");
        return Match.Empty;
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

    [GeneratedRegex(@"listening on .*?(http://127\.0\.0\.1:\d+)")]
    public static partial Regex Listening();
}
