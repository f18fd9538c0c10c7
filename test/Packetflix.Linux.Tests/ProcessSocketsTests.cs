using System.Globalization;
using System.Net.Sockets;
using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public sealed class ProcessSocketsTests
{
    [Fact(Timeout = 60_000)]
    public async Task Inodes_OwnProcessHoldingASocket_ContainsItsInodeNotAFilesInode()
    {
        var ct = TestContext.Current.CancellationToken;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var file = File.OpenRead("/proc/self/stat");
        var socketInode = await InodeOfFdAsync(socket.SafeHandle.DangerousGetHandle(), ct);
        var fileInode = await InodeOfFdAsync(file.SafeFileHandle.DangerousGetHandle(), ct);

        var inodes = ProcessSockets.Inodes($"/proc/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}").ToList();

        Assert.Contains(socketInode, inodes);
        Assert.DoesNotContain(fileInode, inodes);
    }

    [Fact]
    public void Inodes_NoSuchProcess_Empty()
    {
        Assert.Empty(ProcessSockets.Inodes("/proc/pf-no-such-process"));
    }

    /// <summary>What our fd refers to, by stat(1) -L, which follows the fd's link to the file or socket itself: the
    /// inode found without reading the link's text.</summary>
    private static async Task<ulong> InodeOfFdAsync(nint fd, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/proc/{Environment.ProcessId}/fd/{(long)fd}");
        var output = (await Shell.RunCheckedAsync("stat", ["-L", "-c", "%i", path], TimeSpan.FromSeconds(30), ct)).StdOut;
        return ulong.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
