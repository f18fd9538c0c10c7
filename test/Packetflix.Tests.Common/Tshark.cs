namespace Packetflix.Tests.Common;

/// <summary>Decodes captures with tshark, the independent reference for what we write. Gate callers with <see cref="Privileged.RequireTool"/>.</summary>
public static class Tshark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>One string array per packet (or per matching packet), one entry per field, as <c>tshark -T fields</c> prints them.</summary>
    public static async Task<IReadOnlyList<string[]>> FieldsAsync(
        string pcapngPath, IEnumerable<string> fields, CancellationToken cancellationToken, string? displayFilter = null)
    {
        List<string> args = ["-r", pcapngPath, "-T", "fields", "-E", "separator=/t"];
        foreach (var field in fields)
        {
            args.Add("-e");
            args.Add(field);
        }

        if (displayFilter is not null)
        {
            args.Add("-Y");
            args.Add(displayFilter);
        }

        var result = await Shell.RunAsync("tshark", args, Timeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            Xunit.Assert.Fail($"tshark -r {pcapngPath} exited with {result.ExitCode}: {result.StdErr.Trim()}");
        }

        return result.StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToList();
    }

    /// <summary>As <see cref="FieldsAsync"/>, for a capture held in memory (written to a temp file first).</summary>
    public static async Task<IReadOnlyList<string[]>> FieldsFromBytesAsync(
        byte[] pcapng, IEnumerable<string> fields, CancellationToken cancellationToken, string? displayFilter = null)
    {
        using var directory = new TempDirectory();
        var path = directory.File("capture.pcapng");
        await File.WriteAllBytesAsync(path, pcapng, cancellationToken);
        return await FieldsAsync(path, fields, cancellationToken, displayFilter);
    }
}
