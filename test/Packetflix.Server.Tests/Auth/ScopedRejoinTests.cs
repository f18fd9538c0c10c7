using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Packetflix.Core.Pcapng;
using Packetflix.Core.Targets;
using Packetflix.Discovery.Engines;
using Packetflix.Server.Auth;
using Packetflix.Server.Tests.Discovery;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Auth;

/// <summary>A scoped token's multi-target capture whose target is found again by name, but now in a netns outside the
/// scope (the name was given with another container's netns, or was taken over): the scope is checked again there.</summary>
public sealed class ScopedRejoinTests
{
    private const string WebToken = "web-token-0123456789abcdef00";

    [Fact(Timeout = 120_000)]
    public async Task Rejoin_NameNowInAnOutOfScopeNetns_NotJoinedAndAudited()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var web1 = await FakeContainer.StartAsync(ct);
        await using var db = await FakeContainer.StartAsync(ct);
        var web2 = await FakeContainer.StartAsync(ct);
        try
        {
            var entry = new CaptureTarget
            {
                Name = "web2",
                Type = "docker",
                NetworkInterfaces = ["eth0"],
                Netns = (long)web2.NetnsInode,
                Pid = web2.Pid,
                StartTime = (long)web2.StartTime,
            };
            await using var server = await TokenServer.StartAsync($"web:{WebToken} allow=docker:web*\n", ct,
                directory: new FakeTargetDirectory(entry),
                configure: s => s.AddSingleton<IEngineSource>(new FakeEngineSource(
                    FakeEngineSource.Docker("web1", web1.Pid), FakeEngineSource.Docker("web2", web2.Pid), FakeEngineSource.Docker("db", db.Pid))));
            var targets = $"""[{TargetJson(web1, "web1", """["eth0"]""")},{TargetJson(web2, "web2", """["eth0"]""")}]""";
            await using var client = await CaptureClient.ConnectAsync(server.CaptureUri("targets=" + Uri.EscapeDataString(targets)), ct,
                TokenServer.Bearer(WebToken));
            await client.WaitForAsync(blocks => Interfaces(blocks).Count == 2, ct);

            // web2 goes away, and its name now leads to db's namespace.
            await web2.KillAsync();
            await client.WaitForAsync(blocks => blocks.OfType<InterfaceStatisticsBlock>()
                .Any(s => s.InterfaceId == 1 && s.Statistics.EndTime is not null), ct);
            entry.Netns = (long)db.NetnsInode;
            entry.Pid = db.Pid;
            entry.StartTime = (long)db.StartTime;

            await Eventually.WaitUntilAsync(() => server.Logs.All().Contains(
                $"target found again in netns {db.NetnsInode.ToString(CultureInfo.InvariantCulture)} not joined: {TargetAuthorizer.ForbiddenReason}",
                StringComparison.Ordinal), Eventually.DefaultDeadline, ct, "the refused rejoin in the audit log");
            // The stream goes on with web1 only: its pings arrive after the refusal, and db never got an interface.
            await db.PingPeerAsync(2, ct);
            await web1.PingPeerAsync(2, ct);
            await client.WaitForAsync(blocks => EchoRequests(blocks, 0) >= 2, ct);
            Assert.Equal(2, Interfaces(client.Blocks()).Count);
            await client.CloseAsync(ct);

            // The session's audit line names every target it was admitted with.
            var targetsText = $"target docker web1 (netns {web1.NetnsInode}, pid {web1.Pid}), docker web2 (netns {web2.NetnsInode}, pid {web2.Pid}),";
            await Eventually.WaitUntilAsync(() => server.Logs.All().Contains(targetsText, StringComparison.Ordinal), Eventually.DefaultDeadline, ct,
                "the audit line with both targets");
        }
        finally
        {
            await web2.DisposeAsync();
        }
    }
}
