using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;
using Packetflix.Server.Targets;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Auth;

/// <summary>A real non-root user of the host (created with useradd, removed afterwards) against
/// <c>--auth-on-loopback</c> and the unix socket listener with <c>--socket-group</c>; the server runs as root.</summary>
public sealed class LocalUserTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 90_000)]
    public async Task NonRootUser_RefusedOnLoopbackAndOnSocketWithoutGroup_AllowedWithGroup()
    {
        Privileged.Require();
        Privileged.RequireTool("curl");
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString("N")[..8];
        var user = "pfu" + id;
        var group = "pfg" + id;
        using var dir = new TempDirectory();
        // The user must be able to reach the socket's directory; the socket's own mode and group decide the rest.
        File.SetUnixFileMode(dir.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        var socket = Path.Combine(dir.Path, "run", "packetflix.sock");
        var tokens = dir.File("tokens");
        File.WriteAllText(tokens, $"alice:{AccessTests.AliceToken}\n");
        File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Shell.RunCheckedAsync("groupadd", [group], CommandTimeout, ct);
        try
        {
            await Shell.RunCheckedAsync("useradd", ["-M", "-N", "-s", "/usr/sbin/nologin", user], CommandTimeout, ct);
            try
            {
                var uid = (await Shell.RunCheckedAsync("id", ["-u", user], CommandTimeout, ct)).StdOut.Trim();
                var logs = new LogCollector();
                var options = new ServerOptions
                {
                    Port = 0,
                    Listen = ["127.0.0.1", "unix:" + socket],
                    AuthTokenFile = tokens,
                    AuthOnLoopback = true,
                    SocketGroup = group,
                };
                await using var app = ServerApp.Build(options, s =>
                {
                    s.RemoveAll<ITargetDirectory>();
                    s.AddSingleton<ITargetDirectory>(new FakeTargetDirectory());
                    s.AddSingleton<ILoggerProvider>(logs);
                });
                await app.StartAsync(ct);
                var tcp = app.Urls.First(u => u.StartsWith("http://127.0.0.1", StringComparison.Ordinal));

                Assert.Equal("660", Convert.ToString((int)File.GetUnixFileMode(socket), 8));
                Assert.Equal("401", await CurlAsUserAsync(user, group: null, ["-o", "/dev/null", "-w", "%{http_code}", tcp + "/version"], ct));
                Assert.Equal("200", await CurlAsUserAsync(user, group: null,
                    ["-o", "/dev/null", "-w", "%{http_code}", "-H", $"Authorization: Bearer {AccessTests.AliceToken}", tcp + "/version"], ct));

                // Not in the group: the kernel refuses the connect (curl exit 7), before any HTTP.
                var refused = await CurlRawAsUserAsync(user, group: null, ["--unix-socket", socket, "http://localhost/version"], ct);
                Assert.Equal(7, refused.ExitCode);

                Assert.Equal("400", await CurlAsUserAsync(user, group,
                    ["-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", socket, "http://localhost/capture.pcapng?netns=-1"], ct));
                Assert.Contains(logs.Lines, l => l.Category == "Packetflix.Audit"
                    && l.Message.StartsWith($"capture request by unix:{uid} from unix:{uid} ", StringComparison.Ordinal));

                await app.StopAsync(ct);
                Assert.False(File.Exists(socket), "the socket file is removed on exit");
            }
            finally
            {
                await Shell.RunAsync("userdel", [user], CommandTimeout, CancellationToken.None);
            }
        }
        finally
        {
            await Shell.RunAsync("groupdel", [group], CommandTimeout, CancellationToken.None);
        }
    }

    private static async Task<string> CurlAsUserAsync(string user, string? group, IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await CurlRawAsUserAsync(user, group, args, ct);
        Assert.True(result.ExitCode == 0, $"curl exit {result.ExitCode}: {result.StdErr}");
        return result.StdOut.Trim();
    }

    /// <summary>curl as <paramref name="user"/>, with <paramref name="group"/> as its only supplementary group (or none).</summary>
    private static Task<ShellResult> CurlRawAsUserAsync(string user, string? group, IReadOnlyList<string> args, CancellationToken ct)
    {
        List<string> setpriv = ["--reuid", user, "--regid", "nogroup", group is null ? "--clear-groups" : $"--groups={group}"];
        return Shell.RunAsync("setpriv", [.. setpriv, "curl", "-sS", "--max-time", "10", .. args], CommandTimeout, ct);
    }
}
