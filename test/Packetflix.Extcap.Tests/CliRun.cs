namespace Packetflix.Extcap.Tests;

/// <summary>Runs the client binary to its end and returns exit code, stdout bytes and stderr.</summary>
internal static class CliRun
{
    /// <summary>As <see cref="RunAsync(TimeSpan, string[])"/>, waiting up to 90 s for the exit after the output ends.</summary>
    public static Task<(int Code, byte[] Out, string Err)> RunAsync(params string[] args) =>
        RunAsync(TimeSpan.FromSeconds(90), args);

    /// <summary>Runs the binary; after its output ends it must exit within <paramref name="exitDeadline"/>.</summary>
    public static async Task<(int Code, byte[] Out, string Err)> RunAsync(TimeSpan exitDeadline, params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = ExtcapBinary.Start(args);
        try
        {
            using var data = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.BaseStream.CopyToAsync(data, ct);
            await process.WaitForExitAsync(ct).WaitAsync(exitDeadline, ct);
            return (process.ExitCode, data.ToArray(), await stderr);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(process);
        }
    }

    public static string Text(byte[] output) => System.Text.Encoding.UTF8.GetString(output);
}
