using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Auth;

/// <summary>The real executable refuses an exposed listener without an authentication method.</summary>
public sealed class StartupRefusalTests
{
    private static string ServerDll => Path.Combine(AppContext.BaseDirectory, "packetflix.dll");

    [Theory(Timeout = 30_000)]
    [InlineData("0.0.0.0")]
    [InlineData("*")]
    public async Task Main_NonLoopbackWithoutAuth_ExitTwoListingTheOptions(string listen)
    {
        var result = await Shell.RunAsync("dotnet", [ServerDll, "--port", "0", "--listen", listen], TimeSpan.FromSeconds(20),
            TestContext.Current.CancellationToken);
        Assert.Equal(2, result.ExitCode);
        var message = result.StdErr.Trim();
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith($"packetflix: refusing to listen on {listen} without authentication", message, StringComparison.Ordinal);
        foreach (var option in new[] { "--auth-token-file", "TLS client certificates", "--insecure-no-auth" })
        {
            Assert.Contains(option, message, StringComparison.Ordinal);
        }
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--auth-on-loopback", "--auth-on-loopback needs --auth-token-file")]
    [InlineData("--auth-token-file=/nonexistent/tokens", "cannot read --auth-token-file /nonexistent/tokens")]
    [InlineData("--socket-group=wheel", "--socket-group needs a --listen unix:/PATH listener")]
    public async Task Main_BadAccessOptions_ExitTwoWithReason(string flag, string expected)
    {
        var result = await Shell.RunAsync("dotnet", [ServerDll, "--port", "0", flag], TimeSpan.FromSeconds(20),
            TestContext.Current.CancellationToken);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StdErr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Main_EmptyTokenFile_ExitTwo()
    {
        using var dir = new TempDirectory();
        var file = dir.File("tokens");
        File.WriteAllText(file, "# nothing yet\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = await Shell.RunAsync("dotnet", [ServerDll, "--port", "0", "--listen", "0.0.0.0", "--auth-token-file", file],
            TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("contains no tokens", result.StdErr, StringComparison.Ordinal);
    }
}
