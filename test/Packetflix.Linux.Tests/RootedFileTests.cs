using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

/// <summary>A directory plays a container's root; a file beside it plays a host file the container must not reach.</summary>
public sealed class RootedFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public RootedFileTests()
    {
        Directory.CreateDirectory(Root("etc"));
        Directory.CreateDirectory(Root("data"));
        File.WriteAllText(Secret, "host secret\n");
    }

    private string Secret => _dir.File("secret");

    private string RootPath => _dir.File("root");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadText_RegularFile_Read()
    {
        File.WriteAllText(Root("etc/hostname"), "box\n");

        var result = RootedFile.ReadText(RootPath, "/etc/hostname", 1024);

        Assert.Equal(new RootedFileResult(RootedFileStatus.Read, "box\n", Errno.None), result);
    }

    [Fact]
    public void ReadText_AbsoluteSymlink_ResolvedInsideTheRoot()
    {
        // The container's view: /etc/hosts -> /data/hosts is its own /data, and a link to the host's file path finds
        // nothing there.
        File.WriteAllText(Root("data/hosts"), "10.0.0.1 a\n");
        File.CreateSymbolicLink(Root("etc/hosts"), "/data/hosts");
        File.CreateSymbolicLink(Root("etc/hostname"), Secret);

        Assert.Equal("10.0.0.1 a\n", RootedFile.ReadText(RootPath, "/etc/hosts", 1024).Text);
        Assert.Equal(new RootedFileResult(RootedFileStatus.Failed, null, Errno.ENOENT), RootedFile.ReadText(RootPath, "/etc/hostname", 1024));
    }

    [Fact]
    public void ReadText_DotDotOutOfTheRoot_StaysInside()
    {
        File.CreateSymbolicLink(Root("etc/hostname"), "../../../../secret");

        Assert.Equal(RootedFileStatus.Failed, RootedFile.ReadText(RootPath, "/etc/hostname", 1024).Status);
        Assert.Equal(RootedFileStatus.Failed, RootedFile.ReadText(RootPath, "../secret", 1024).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadText_Fifo_NotOpenedForReading()
    {
        var ct = TestContext.Current.CancellationToken;
        await Shell.RunCheckedAsync("mkfifo", [Root("etc/resolv.conf")], TimeSpan.FromSeconds(10), ct);

        // A plain open of a FIFO with no writer blocks forever; this returns at once.
        var result = await Task.Run(() => RootedFile.ReadText(RootPath, "/etc/resolv.conf", 1024), ct);

        Assert.Equal(RootedFileStatus.NotRegularFile, result.Status);
    }

    [Fact]
    public void ReadText_OverTheLimit_TooLargeAndExactLimitRead()
    {
        File.WriteAllText(Root("etc/hosts"), new string('x', 1025));
        File.WriteAllText(Root("etc/hostname"), new string('x', 1024));

        Assert.Equal(RootedFileStatus.TooLarge, RootedFile.ReadText(RootPath, "/etc/hosts", 1024).Status);
        Assert.Equal(1024, RootedFile.ReadText(RootPath, "/etc/hostname", 1024).Text?.Length);
    }

    [Fact]
    public void ReadProcText_BelowAnOpenProc_ThreadSelfIsTheReadingThread()
    {
        // How a mount namespace's own table is read after joining it: below our /proc, opened before.
        using var proc = RootedFile.OpenRoot("/proc");
        Assert.NotNull(proc);

        var result = RootedFile.ReadProcText(proc, "thread-self/status", 64 * 1024);

        Assert.Equal(RootedFileStatus.Read, result.Status);
        Assert.Contains($"\nPid:\t{Interop.Libc.gettid()}\n", result.Text, StringComparison.Ordinal);
    }

    private string Root(string path) => Path.Combine(RootPath, path);
}
