using System.Globalization;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>
/// A persistent mount namespace without any process (unshare --mount=FILE, which needs a private parent mount), in
/// which one directory is mounted twice: the first tmpfs (source <c>pf-under</c>) is hidden by the second
/// (<c>pf-over</c>). Unmounted, with its temp directory removed, on dispose.
/// </summary>
internal sealed class BindMountedMountNamespace : IAsyncDisposable
{
    private static readonly TimeSpan ShellTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp;
    private readonly string _holder;

    private BindMountedMountNamespace(TempDirectory temp, string holder, string file, string target, ulong inode)
    {
        _temp = temp;
        _holder = holder;
        File = file;
        Target = target;
        Inode = inode;
    }

    /// <summary>The bind mount that keeps the namespace alive.</summary>
    public string File { get; }

    /// <summary>The overmounted directory.</summary>
    public string Target { get; }

    /// <summary>The mount namespace's inode.</summary>
    public ulong Inode { get; }

    public static async Task<BindMountedMountNamespace> CreateAsync(CancellationToken cancellationToken)
    {
        var temp = new TempDirectory();
        var holder = Path.Combine(temp.Path, "holder");
        var file = Path.Combine(holder, "mnt");
        var target = Path.Combine(temp.Path, "over");
        Directory.CreateDirectory(holder);
        Directory.CreateDirectory(target);
        try
        {
            await Shell.RunCheckedAsync("sh", ["-c", $"""
                mount --bind '{holder}' '{holder}' && mount --make-private '{holder}' && touch '{file}' &&
                unshare --mount='{file}' --propagation private sh -c "mount -t tmpfs pf-under '{target}' && mount -t tmpfs pf-over '{target}'"
                """], ShellTimeout, cancellationToken);
            var inode = ulong.Parse((await Shell.RunCheckedAsync("stat", ["-L", "-c", "%i", file], ShellTimeout, cancellationToken)).StdOut.Trim(), CultureInfo.InvariantCulture);
            return new BindMountedMountNamespace(temp, holder, file, target, inode);
        }
        catch
        {
            await UnmountAsync(file, holder);
            temp.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await UnmountAsync(File, _holder);
        _temp.Dispose();
    }

    private static Task<ShellResult> UnmountAsync(string file, string holder) =>
        Shell.RunAsync("sh", ["-c", $"umount '{file}'; umount '{holder}'"], ShellTimeout, CancellationToken.None);
}
