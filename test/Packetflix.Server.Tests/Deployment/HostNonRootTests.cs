using System.Diagnostics;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>
/// The published binary on the host as user 65534: with file capabilities (setcap) the .NET apphost gets them and
/// a capture works; without them it refuses to start and names each missing capability.
/// </summary>
public sealed class HostNonRootTests
{
    [Fact(Timeout = 1_200_000)]
    public async Task PublishedBinary_Nobody_WithFileCapabilities_Captures()
    {
        Privileged.Require();
        Privileged.RequireTool("setcap");
        Privileged.RequireTool("setpriv");
        var ct = TestContext.Current.CancellationToken;
        using var copy = await CopyOfPublishAsync(ct);
        await Shell.RunCheckedAsync("setcap", [string.Join(',', DeploymentArtifacts.CapabilityList) + "+ep", Path.Combine(copy.Path, "packetflix")],
            TimeSpan.FromSeconds(30), ct);
        await using var pair = await NetnsPair.CreateAsync(ct);
        using var process = StartAsNobody(copy.Path, ["--port", "0"]);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            var listening = await DeployedService.ReadUntilAsync(process.StandardOutput, DeployedService.Listening(),
                async () => process.HasExited ? $"exit {process.ExitCode}: {await stderr}" : "still running", ct);
            var baseUri = new Uri(listening.Groups[1].Value);
            await DeployedService.WaitReadyAsync(baseUri, () => Task.FromResult(process.HasExited),
                async () => process.HasExited ? $"exit {process.ExitCode}: {await stderr}" : "still running", ct);
            var status = await File.ReadAllTextAsync($"/proc/{process.Id}/status", ct);
            Assert.Matches(@"Uid:\s+65534\s+65534", status);

            // Pings from A to B for up to 30 s while B's eth0 is captured; only the first 5 echo requests count.
            using var stopPing = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var ping = NetnsPair.PingAsync(pair.NameA, NetnsPair.AddressB, 150, stopPing.Token);
            await DeployedService.CaptureEchoRequestsAsync(baseUri, pair.InodeB, 5, ct);
            await stopPing.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ping);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            _ = await stderr;
        }
    }

    [Fact(Timeout = 1_200_000)]
    public async Task PublishedBinary_Nobody_WithoutFileCapabilities_RefusesNamingEach()
    {
        Privileged.Require();
        Privileged.RequireTool("setpriv");
        var ct = TestContext.Current.CancellationToken;
        using var copy = await CopyOfPublishAsync(ct);
        // It refuses before it binds, so the port does not matter.
        using var process = StartAsNobody(copy.Path, ["--port", "0"]);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
            Assert.Equal(2, process.ExitCode);
            var lines = (await stderr).Trim().Split('\n');
            Assert.Equal(
                [.. Hosting.CapabilityCheck.Required.Select(Hosting.CapabilityCheck.Describe), Hosting.CapabilityCheck.Remedy],
                lines);
            Assert.Equal("", await stdout);
        }
        finally
        {
            // A service that started after all (the check failed to refuse) must not outlive the test.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    // cp drops the security.capability xattr, so every test starts from a binary without file capabilities.
    private static async Task<TempDirectory> CopyOfPublishAsync(CancellationToken ct)
    {
        var publish = await DeploymentArtifacts.PublishDirectoryAsync();
        var copy = new TempDirectory();
        await Shell.RunCheckedAsync("cp", ["-r", publish + "/.", copy.Path], TimeSpan.FromMinutes(2), ct);
        await Shell.RunCheckedAsync("chmod", ["-R", "a+rX", copy.Path], TimeSpan.FromSeconds(30), ct);
        return copy;
    }

    private static Process StartAsNobody(string dir, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        foreach (var arg in (string[])["--reuid", "65534", "--regid", "65534", "--clear-groups", "--", Path.Combine(dir, "packetflix"), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start setpriv");
    }
}
