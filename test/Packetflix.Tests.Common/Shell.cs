using System.Diagnostics;

namespace Packetflix.Tests.Common;

/// <summary>Runs subprocesses for tests; a timeout or cancellation kills the whole process tree.</summary>
public static class Shell
{
    /// <summary>Runs <paramref name="file"/> to completion and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">The process did not exit within <paramref name="timeout"/>; it was killed.</exception>
    public static async Task<ShellResult> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken, byte[]? stdin = null)
    {
        var startInfo = new ProcessStartInfo(ToolPath.Find(file) ?? file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        var commandLine = Describe(file, startInfo.ArgumentList);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {commandLine}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await WriteInputAsync(process, stdin, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            return new ShellResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            KillTree(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{commandLine} did not finish within {timeout.TotalSeconds:0.#} s and was killed");
        }
    }

    /// <summary>As <see cref="RunAsync"/>, but throws with the command line and stderr when the exit code is not 0.</summary>
    public static async Task<ShellResult> RunCheckedAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken, byte[]? stdin = null)
    {
        var argList = args.ToList();
        var result = await RunAsync(file, argList, timeout, cancellationToken, stdin);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Describe(file, argList)} exited with {result.ExitCode}: {result.StdErr.Trim()} {result.StdOut.Trim()}".TrimEnd());
        }

        return result;
    }

    private static async Task WriteInputAsync(Process process, byte[]? stdin, CancellationToken cancellationToken)
    {
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // EPIPE: the process exited without reading all input; its exit code tells the real story.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited.
        }
    }

    private static string Describe(string file, IEnumerable<string> args)
    {
        return string.Join(' ', args.Prepend(file));
    }
}
