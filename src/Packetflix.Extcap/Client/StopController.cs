namespace Packetflix.Extcap.Client;

/// <summary>
/// The two ways a capture ends from our side: a graceful stop (close <c>1000 "ciao"</c>, then wait for the server) and
/// an abort (drop the connection now). The first SIGINT/SIGTERM stops, a second one aborts (docs/protocol.md §15).
/// </summary>
internal sealed class StopController : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<System.Runtime.InteropServices.PosixSignalRegistration> _signals = [];
    private int _signalCount;

    public CancellationToken Stopping => _stop.Token;

    public CancellationToken Aborting => _abort.Token;

    public string? StopReason { get; private set; }

    /// <summary>Why an abort happened, for the person.</summary>
    public string? AbortReason { get; private set; }

    public void RequestStop(string reason)
    {
        if (!_stop.IsCancellationRequested)
        {
            StopReason = reason;
            TryCancel(_stop);
        }
    }

    public void RequestAbort(string reason)
    {
        AbortReason ??= reason;
        RequestStop(reason);
        TryCancel(_abort);
    }

    /// <summary>Aborts unless the session has ended within <paramref name="delay"/>.</summary>
    public void AbortAfter(TimeSpan delay)
    {
        try
        {
            _abort.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Handles SIGINT, SIGTERM and SIGHUP (a closed terminal or a script's kill): the first stops gracefully,
    /// the second aborts. An inherited ignored SIGINT was reset at start (Cli.InheritedSignals).</summary>
    public void HandleSignals()
    {
        foreach (var signal in new[]
        {
            System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGTERM,
            System.Runtime.InteropServices.PosixSignal.SIGHUP,
        })
        {
            _signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (Interlocked.Increment(ref _signalCount) == 1)
                {
                    RequestStop($"{context.Signal} received");
                }
                else
                {
                    RequestAbort($"second {context.Signal}: aborted");
                }
            }));
        }
    }

    public void Dispose()
    {
        foreach (var registration in _signals)
        {
            registration.Dispose();
        }

        _stop.Dispose();
        _abort.Dispose();
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
