using System.Diagnostics;
using System.Globalization;
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
        var port = DeployedService.FreeLoopbackPort();
        using var process = StartAsNobody(copy.Path, ["--port", port.ToString(CultureInfo.InvariantCulture)]);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        try
        {
            var baseUri = new Uri($"http://127.0.0.1:{port}");
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
            _ = await stdout;
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
        using var process = StartAsNobody(copy.Path, ["--port", DeployedService.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)]);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
        Assert.Equal(2, process.ExitCode);
        var lines = (await stderr).Trim().Split('\n');
        Assert.Equal(
            [.. Hosting.CapabilityCheck.Required.Select(Hosting.CapabilityCheck.Describe), Hosting.CapabilityCheck.Remedy],
            lines);
        Assert.Equal("", await stdout);
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
