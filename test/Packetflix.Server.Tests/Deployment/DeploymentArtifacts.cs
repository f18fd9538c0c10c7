using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>
/// What the deployment tests share, made once per test run: the x64 publish of the service (NativeAOT, what the
/// image and the x64 release tarball carry) and the image that deploy/container/build-local.sh builds from it.
/// </summary>
internal static class DeploymentArtifacts
{
    /// <summary>The image tag the tests build and run (not the user-facing packetflix:local).</summary>
    public const string ImageTag = "packetflix-test/packetflix:deploy";

    private static readonly Lazy<Task<string>> Published = new(PublishAsync);
    private static readonly Lazy<Task<string>> Image = new(BuildImageAsync);

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The capability names of deploy/container/capabilities.txt (setcap spelling, e.g. cap_net_raw).</summary>
    public static IReadOnlyList<string> CapabilityList { get; } =
        [.. File.ReadAllLines(Path.Combine(RepoRoot, "deploy/container/capabilities.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>The list as Docker and Kubernetes spell it (NET_RAW).</summary>
    public static IReadOnlyList<string> DockerCapabilityList { get; } =
        [.. CapabilityList.Select(c => c["cap_".Length..].ToUpperInvariant())];

    /// <summary>The directory of deploy/publish.sh's linux-x64 output (the NativeAOT binary).</summary>
    public static Task<string> PublishDirectoryAsync() => Published.Value;

    /// <summary>The tag of the image build-local.sh made from <see cref="PublishDirectoryAsync"/>.</summary>
    public static Task<string> ImageAsync() => Image.Value;

    private static async Task<string> PublishAsync()
    {
        // One directory per run; /var/tmp because user 65534 must be able to run the binary from it.
        var dir = $"/var/tmp/packetflix-test-publish-{Environment.ProcessId}";
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(dir);
        // What the image and the x64 tarball ship: the NativeAOT build (deploy/publish.sh), so the tests below run it.
        await Shell.RunCheckedAsync("bash", [Path.Combine(RepoRoot, "deploy/publish.sh"), "x64", dir],
            TimeSpan.FromMinutes(12), CancellationToken.None);
        return dir;
    }

    private static async Task<string> BuildImageAsync()
    {
        var publish = await PublishDirectoryAsync();
        // Each build moves the tag, which would leave the previous run's image behind (dangling) on the test dockerd.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryRemoveImage(ImageTag);
        await Shell.RunCheckedAsync("bash", [Path.Combine(RepoRoot, "deploy/container/build-local.sh"), "--publish", publish, "--tag", ImageTag],
            TimeSpan.FromMinutes(5), CancellationToken.None);
        return ImageTag;
    }

    private static void TryRemoveImage(string tag)
    {
        try
        {
            // ProcessExit handlers are synchronous; nothing else runs on this thread any more.
            _ = Shell.RunAsync("docker", ["image", "rm", "--force", tag], TimeSpan.FromSeconds(30), CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            // Best effort at exit.
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort at exit.
        }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Packetflix.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Packetflix.slnx) not found above the test binaries");
    }
}
