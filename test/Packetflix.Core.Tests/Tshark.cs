using System.Diagnostics;

namespace Packetflix.Core.Tests;

/// <summary>Runs tshark to prove that files we write are valid pcapng for Wireshark.</summary>
internal static class Tshark
{
    private static readonly string[] Candidates = ["/usr/bin/tshark", "/usr/local/bin/tshark"];

    /// <summary>The tshark path; skips the test when absent, or fails it when PACKETFLIX_REQUIRE_PRIVILEGED=1.</summary>
    public static string Require()
    {
        var path = Candidates.FirstOrDefault(File.Exists);
        if (path is not null)
        {
            return path;
        }

        const string Message = "tshark is not installed";
        if (Environment.GetEnvironmentVariable("PACKETFLIX_REQUIRE_PRIVILEGED") == "1")
        {
            Assert.Fail(Message + " but PACKETFLIX_REQUIRE_PRIVILEGED=1 demands it");
        }

        Assert.Skip(Message);
        return string.Empty;
    }

    /// <summary>Runs tshark with the arguments; asserts exit code 0 and returns stdout.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Keep tshark away from the user's profile and make its output locale-independent.
        startInfo.Environment["LC_ALL"] = "C";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("cannot start tshark");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        var errors = await stderr;
        Assert.True(process.ExitCode == 0, $"tshark exited with {process.ExitCode}: {errors}");
        return output;
    }

    /// <summary>Reads a file and returns one line per frame with the requested fields, tab-separated.</summary>
    public static async Task<string[]> ReadFieldsAsync(string file, CancellationToken cancellationToken, params string[] fields)
    {
        var arguments = new List<string> { "-r", file, "-T", "fields" };
        foreach (var field in fields)
        {
            arguments.Add("-e");
            arguments.Add(field);
        }

        var output = await RunAsync(arguments, cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
