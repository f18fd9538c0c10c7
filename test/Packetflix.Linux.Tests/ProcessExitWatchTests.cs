using System.Diagnostics;
using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests;

public class ProcessExitWatchTests
{
    [Fact(Timeout = 30000)]
    public async Task HasExited_KilledChild_BecomesTrue()
    {
        Privileged.RequireTool("sleep");
        using var child = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            using var watch = ProcessExitWatch.TryOpen(child.Id);
            Assert.NotNull(watch);
            Assert.False(watch.HasExited());

            child.Kill();

            // The pidfd turns readable when the process exits, before or after it is reaped. The child's SIGCHLD may
            // interrupt the poll (EINTR, poll(2)); wait again then, up to the deadline.
            var waited = Stopwatch.StartNew();
            PollResult result;
            do
            {
                result = FdPoll.Wait(watch.Handle, Interop.Libc.PollIn, 10_000);
            }
            while (!result.Ready && result.Error == Errno.EINTR && waited.Elapsed < TimeSpan.FromSeconds(20));

            Assert.True(result.Ready, $"poll: {result.Error}");
            Assert.True(watch.HasExited());
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void TryOpen_MissingProcess_ReturnsNull()
    {
        Assert.Null(ProcessExitWatch.TryOpen(int.MaxValue));
        Assert.Null(ProcessExitWatch.TryOpen(0));
    }
}
