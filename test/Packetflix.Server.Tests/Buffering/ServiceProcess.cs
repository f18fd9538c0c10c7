using System.Diagnostics;
using System.Globalization;
using System.Text;
using Packetflix.Server.Tests.Deployment;

namespace Packetflix.Server.Tests.Buffering;

/// <summary>The real executable on a free loopback port, so its memory (VmRSS) is the service's alone.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process)
    {
        _process = process;
    }

    public Uri BaseUri { get; private set; } = null!;

    public Uri CaptureUri(string query) => new($"ws://{BaseUri.Authority}/capture?{query}");

    public static async Task<ServiceProcess> StartAsync(IEnumerable<string> flags, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Port 0: the address is read back from the log (DeployedService, remarks).
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "packetflix.dll"), "--port", "0", "--listen", "127.0.0.1" }
                     .Concat(flags))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the service");
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => service.Log(e.Data);
        process.ErrorDataReceived += (_, e) => service.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            service.BaseUri = await DeployedService.WaitListeningAsync(() => Task.FromResult(service.Output),
                () => Task.FromResult(process.HasExited), ct);
            await DeployedService.WaitReadyAsync(service.BaseUri, () => Task.FromResult(process.HasExited),
                () => Task.FromResult(service.Output), ct);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Resident set size in bytes (proc(5), /proc/PID/status VmRSS), or 0 once the process is gone.</summary>
    public long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Gone.
        }

        return 0;
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // DisposeAsync must not throw.
        }

        _process.Dispose();
    }
}
