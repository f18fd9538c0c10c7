namespace Packetflix.Extcap.Tests;

/// <summary>Runs the client binary to its end and returns exit code, stdout bytes and stderr.</summary>
internal static class CliRun
{
    public static async Task<(int Code, byte[] Out, string Err)> RunAsync(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = ExtcapBinary.Start(args);
        try
        {
            using var data = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.BaseStream.CopyToAsync(data, ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(90), ct);
            return (process.ExitCode, data.ToArray(), await stderr);
        }
        finally
        {
            ExtcapBinary.KillIfRunning(process);
        }
    }

    public static string Text(byte[] output) => System.Text.Encoding.UTF8.GetString(output);
}
