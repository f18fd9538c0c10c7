using Microsoft.Extensions.Logging;
using Packetflix.Discovery.Engines;
using Packetflix.Linux;
using Packetflix.Tests.Common;

namespace Packetflix.Discovery.Tests.Engines;

/// <summary>Shared helpers: unique names, CLI calls, and polling discovery until a condition holds.</summary>
internal static class EngineTestHelpers
{
    public static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    public static string UniqueName(string stem) => $"pf{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    public static EngineDiscovery NewDiscovery() => new(
        LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider()).SetMinimumLevel(LogLevel.Debug)), TimeProvider.System);

    public static Task<ShellResult> RunAsync(string file, params string[] args) =>
        Shell.RunCheckedAsync(file, args, CliTimeout, TestContext.Current.CancellationToken);

    /// <summary>Best-effort cleanup, also after a failed or cancelled test.</summary>
    public static async Task CleanupAsync(string file, params string[] args)
    {
        try
        {
            await Shell.RunAsync(file, args, CliTimeout, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Leave it; a later run uses new names.
        }
    }

    /// <summary>Polls discovery with fresh process tables until <paramref name="condition"/> holds; the last snapshot.</summary>
    public static async Task<EngineSnapshot> WaitForAsync(
        EngineDiscovery discovery, Func<EngineSnapshot, bool> condition, TimeSpan timeout, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        EngineSnapshot snapshot = EngineSnapshot.Empty;
        while (!deadline.IsCancellationRequested)
        {
            snapshot = await discovery.GetAsync(ProcessTable.Scan(), ct);
            if (condition(snapshot))
            {
                return snapshot;
            }

            await Task.Delay(200, ct);
        }

        Assert.Fail($"timed out waiting for {what}; engines: "
            + string.Join(", ", snapshot.Engines.Select(e => $"{e.Type}@{e.Pid}[{e.Prefix}] {e.ApiPath}"))
            + "; containers: " + string.Join(", ", snapshot.Containers.Select(c => $"{c.Type}:{c.Prefix}:{c.Name}({c.Pid},{c.State})")));
        return snapshot;
    }
}
