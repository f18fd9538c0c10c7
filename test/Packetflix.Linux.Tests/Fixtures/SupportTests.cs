using System.Diagnostics;
using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests.Fixtures;

public class SupportTests
{
    [Fact(Timeout = 30000)]
    public async Task RunAsync_Echo_CapturesOutputAndExitCode()
    {
        var ct = TestContext.Current.CancellationToken;

        var result = await Shell.RunAsync("sh", ["-c", "cat; echo err >&2; exit 3"], TimeSpan.FromSeconds(10), ct, "hello"u8.ToArray());

        Assert.Equal(new ShellResult(3, "hello", "err\n"), result);
    }

    [Fact(Timeout = 30000)]
    public async Task RunCheckedAsync_NonZeroExit_ThrowsWithStderr()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Shell.RunCheckedAsync("sh", ["-c", "echo bad thing >&2; exit 1"], TimeSpan.FromSeconds(10), ct));

        Assert.Contains("bad thing", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task RunAsync_Timeout_KillsProcessTree()
    {
        var ct = TestContext.Current.CancellationToken;

        // A unique duration marks our sleeps, so processes of tests running in parallel are not counted.
        var marker = $"30.{Random.Shared.Next(100_000, 999_999)}";
        await Assert.ThrowsAsync<TimeoutException>(
            () => Shell.RunAsync("sh", ["-c", $"sleep {marker} & sleep {marker}"], TimeSpan.FromMilliseconds(300), ct));

        // SIGKILL is delivered asynchronously: wait for the kernel to tear the processes down (a 30 s sleep that was
        // not killed outlives the deadline).
        await Eventually.TryWaitUntilAsync(() => ProcessesWithArgument(marker).Count == 0, TimeSpan.FromSeconds(20), ct);
        Assert.Empty(ProcessesWithArgument(marker));
    }

    [Fact]
    public void Take_WithChildRunning_CountsFdsThreadsAndTheChild()
    {
        // A child of our own, so the count has one it must include (tests running in parallel may add more, never less).
        using var child = Process.Start(new ProcessStartInfo("sleep", ["30"]) { UseShellExecute = false })!;
        try
        {
            var snapshot = ResourceCounters.Take();

            Assert.True(snapshot.OpenFds > 2);
            Assert.True(snapshot.Threads > 1);
            Assert.True(snapshot.ChildProcesses >= 1, $"child processes: {snapshot.ChildProcesses}");
        }
        finally
        {
            child.Kill();
            child.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void TempDirectory_Dispose_RemovesDirectory()
    {
        string path;
        using (var directory = new TempDirectory())
        {
            path = directory.Path;
            File.WriteAllText(directory.File("x"), "y");
            Assert.StartsWith("/tmp/", path, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact(Timeout = 30000)]
    public async Task FieldsFromBytesAsync_MinimalPcap_ReturnsFrameFields()
    {
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;

        var rows = await Tshark.FieldsFromBytesAsync(MinimalPcap(), ["frame.number", "frame.len"], ct);

        Assert.Equal([["1", "60"]], rows);
    }

    private static List<string> ProcessesWithArgument(string argument)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0').Contains(argument))
                {
                    found.Add(directory);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a process directory, or the process just exited.
            }
        }

        return found;
    }

    // A classic pcap file (pcap-savefile(5)): magic a1b2c3d4 (little endian), v2.4, snaplen 65535, DLT_EN10MB,
    // then one 60-byte all-zero Ethernet frame. tshark reads pcap as well as pcapng.
    private static byte[] MinimalPcap()
    {
        var bytes = new byte[24 + 16 + 60];
        var span = bytes.AsSpan();
        BitConverter.TryWriteBytes(span[0..], 0xa1b2c3d4u);
        BitConverter.TryWriteBytes(span[4..], (ushort)2);
        BitConverter.TryWriteBytes(span[6..], (ushort)4);
        BitConverter.TryWriteBytes(span[16..], 65535u);
        BitConverter.TryWriteBytes(span[20..], 1u);
        BitConverter.TryWriteBytes(span[32..], 60u);
        BitConverter.TryWriteBytes(span[36..], 60u);
        return bytes;
    }
}
