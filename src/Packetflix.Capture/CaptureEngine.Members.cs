using System.Collections.Concurrent;

namespace Packetflix.Capture;

/// <summary>Streams that join a running capture and leave it (docs/architecture.md, "Shared captures"). Both happen on the
/// capture thread, between two packets, so a joining stream gets every packet from one point on and its counters start
/// there: the packets already waiting in the ring count as received for it, since it will be offered them.</summary>
internal sealed partial class CaptureEngine
{
    private readonly ConcurrentQueue<CaptureOutput> _joining = new();
    private readonly Lock _joinLock = new();

    /// <summary>Set, under <see cref="_joinLock"/>, when the capture takes no more streams (it is ending).</summary>
    private bool _closed;

    /// <summary>Queues <paramref name="output"/> to join this capture: its header is written here, its counters start when
    /// the capture thread adopts it. False when the capture is ending; the caller then starts a capture of its own.</summary>
    public bool TryJoin(CaptureOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_joinLock)
        {
            if (_closed)
            {
                return false;
            }

            output.WriteHeader(Interfaces, _options.Filter);
            CaptureMetrics.SessionStarted();
            _joining.Enqueue(output);
            return true;
        }
    }

    /// <summary>Capture thread, every loop turn: the streams that asked to join start counting now.</summary>
    private void AdoptJoined()
    {
        if (_joining.IsEmpty)
        {
            return;
        }

        // The joiner's own connection was registered before it asked: leave it out before any packet reaches the joiner.
        RefreshOwnTraffic();
        RefreshKernelStatistics();
        while (_joining.TryDequeue(out var output))
        {
            foreach (var iface in _interfaces)
            {
                output.AddInterface(iface.Waiting);
            }

            _outputs.Add(output);
            CaptureLog.Joined(_logger, output.Id, Id, _outputs.Count);
        }
    }

    /// <summary>Capture thread: the streams whose consumer stopped or went away leave. When the last one leaves and none is
    /// waiting to join, the capture ends with its reason (returned); it takes no stream after that.</summary>
    private CaptureEnd? Leave()
    {
        for (var i = _outputs.Count - 1; i >= 0; i--)
        {
            var output = _outputs[i];
            if (!output.StopRequested && !output.ConsumerGone)
            {
                continue;
            }

            var end = output.StopRequested
                ? new CaptureEnd(CaptureEndKind.Stopped, "capture stopped")
                : new CaptureEnd(CaptureEndKind.ConsumerGone, "consumer went away");
            if (_outputs.Count == 1 && CloseIfNoneJoining())
            {
                return end;
            }

            if (_outputs.Count == 1)
            {
                // A stream is waiting to join: it is adopted first, then this one leaves.
                AdoptJoined();
            }

            LeaveNow(output, end);
            _outputs.Remove(output);
        }

        return null;
    }

    private bool CloseIfNoneJoining()
    {
        lock (_joinLock)
        {
            if (!_joining.IsEmpty)
            {
                return false;
            }

            _closed = true;
            return true;
        }
    }

    /// <summary>A stream leaves a capture that goes on: what it was still to be offered (in the ring, or held for
    /// reordering) is counted captured and dropped at session end, as when a capture ends with packets in its ring.</summary>
    private void LeaveNow(CaptureOutput output, CaptureEnd end)
    {
        RefreshKernelStatistics();
        foreach (var iface in _interfaces)
        {
            // Their lengths are not known: they were never read.
            output.CountLeftAtEnd(iface.Id, iface.Waiting, bytes: 0);
        }

        output.Complete(end, withCapture: false);
        CaptureLog.Left(_logger, output.Id, Id, _outputs.Count - 1);
    }
}
