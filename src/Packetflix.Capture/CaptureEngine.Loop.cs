using Packetflix.Linux;

namespace Packetflix.Capture;

internal sealed partial class CaptureEngine
{
    /// <summary>poll(2) timeout: the longest a stop request or a dead namespace waits to be noticed.</summary>
    private const int PollTimeoutMilliseconds = 100;

    /// <summary>Packets read from one interface before the others get their turn, so one busy interface
    /// cannot starve the rest.</summary>
    private const int ReadBudgetPerInterface = 1024;

    private static readonly TimeSpan LivenessInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A write paused a stream since <see cref="CanRead"/> was last asked (<see cref="CanStillRead"/>).</summary>
    private bool _pausedSinceCheck;

    /// <summary>How long the ring is held for a paused stream that shares it: the ring must keep that much traffic, so
    /// at most 50 ms and at most what the kernel buffer holds at 1.28 Gbit/s (8 MiB: 52 ms). libpcap makes TPACKET_V3 blocks
    /// of 256 KiB (one MAXIMUM_SNAPLEN "frame", pcap-linux.c) retired when full or after the 10 ms timeout, so at low
    /// rates the ring holds at least buffer / 256 KiB × 10 ms (8 MiB: 320 ms).</summary>
    private TimeSpan HoldTime => _options.ShareHold ?? TimeSpan.FromMilliseconds(Math.Min(50, _options.KernelBufferBytes / 160_000.0));

    /// <summary>True when the rings may be read now: some stream takes blocks, and no paused stream is being held for. A
    /// paused stream is held for (nothing is read: the ring keeps its packets, as for a capture of its own) during
    /// <see cref="HoldTime"/>; after that it is cut loose and counts what it misses until it caught up, so a stalled
    /// client costs the others at most that much delay and no packet.</summary>
    private bool CanRead
    {
        get
        {
            var writable = false;
            long now = 0;
            foreach (var output in _outputs)
            {
                if (output.CanWrite)
                {
                    writable = true;
                    continue;
                }

                if (output.CutLoose)
                {
                    continue;
                }

                now = now == 0 ? _time.GetTimestamp() : now;
                if (now < HoldEnds(output))
                {
                    return false;
                }

                output.CutLoose = true;
                CaptureLog.CutLoose(_logger, output.Id, Id, (long)HoldTime.TotalMilliseconds);
            }

            return writable;
        }
    }

    /// <summary><see cref="CanRead"/> for the next packet of a loop that set <see cref="_pausedSinceCheck"/> before its
    /// first. Between two packets only a write that paused a stream can change the answer (a stream that resumes only
    /// makes more of them writable), so it is asked again only then: asked per packet, it was a few per cent of the
    /// capture thread with four streams.</summary>
    private bool CanStillRead()
    {
        if (!_pausedSinceCheck)
        {
            return true;
        }

        _pausedSinceCheck = false;
        return CanRead;
    }

    /// <summary>When the hold for a paused stream ends (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    private long HoldEnds(CaptureOutput output) => output.PausedSince + Ticks(HoldTime);

    /// <summary>Milliseconds until the first held stream is cut loose, at most <paramref name="limit"/>.</summary>
    private int HoldTimeout(int limit)
    {
        long now = 0;
        foreach (var output in _outputs)
        {
            if (output.Paused && !output.CutLoose)
            {
                now = now == 0 ? _time.GetTimestamp() : now;
                var left = HoldEnds(output) - now;
                limit = (int)Math.Clamp((left * 1000 / _time.TimestampFrequency) + 1, 0, limit);
            }
        }

        return limit;
    }

    /// <summary>Wait in poll(2) no longer than until the first pending batch is due.</summary>
    private int PollTimeout(long now)
    {
        var timeout = PollTimeoutMilliseconds;
        foreach (var output in _outputs)
        {
            timeout = output.FlushTimeout(now, timeout);
        }

        return timeout;
    }

    private void Run()
    {
        var end = new CaptureEnd(CaptureEndKind.Failed, "capture loop ended unexpectedly");
        try
        {
            end = Loop();
        }
        catch (Exception ex)
        {
            CaptureLog.LoopFailed(_logger, Id, ex);
            end = new CaptureEnd(CaptureEndKind.Failed, "capture failed: " + ex.Message);
        }
        finally
        {
            Finish(end);
        }
    }

    private CaptureEnd Loop()
    {
        var pollFds = new int[_interfaces.Count];
        var nextStatistics = _time.GetTimestamp() + Ticks(_options.StatisticsInterval);
        var nextLiveness = _time.GetTimestamp() + Ticks(LivenessInterval);
        while (true)
        {
            AdoptJoined();
            var now = _time.GetTimestamp();
            foreach (var output in _outputs)
            {
                output.FlushIfDue(now);
            }

            if (Leave() is { } left)
            {
                return left;
            }

            pollFds = pollFds.Length < _interfaces.Count ? new int[_interfaces.Count] : pollFds;
            var count = 0;
            foreach (var iface in _interfaces)
            {
                if (iface.Open)
                {
                    pollFds[count++] = iface.SelectableFd;
                }
            }

            if (count == 0)
            {
                return new CaptureEnd(CaptureEndKind.InterfacesGone, "all capture interfaces are gone");
            }

            if (WaitForResume())
            {
                // EINTR and friends just mean "look again"; the handles report their own errors on read.
                FdPoll.WaitAnyReadable(pollFds.AsSpan(0, count), MergeTimeout(PollTimeout(now)));

                foreach (var iface in _interfaces)
                {
                    if (iface.Open)
                    {
                        Drain(iface);
                    }
                }

                ReleaseMerged(all: false);
            }

            now = _time.GetTimestamp();
            if (now >= nextStatistics)
            {
                // A paused stream gets its statistics block as soon as it caught up (resumed here too, not only when a
                // packet arrives: after the traffic stopped, it would otherwise never get the block that reports the drops).
                // The kernel's drop count (the rings we stopped reading overflow) reaches /metrics now either way.
                RefreshKernelStatistics();
                _outputs.ForEach(o => o.StatisticsDue = true);
                nextStatistics = now + Ticks(_options.StatisticsInterval);
            }

            WriteDueStatistics();
            if (now >= nextLiveness)
            {
                nextLiveness = now + Ticks(LivenessInterval);
                foreach (var netns in _liveness)
                {
                    if (!netns.IsAlive(now, _time, pid => CaptureLog.WatchedProcessExited(_logger, Id, netns.Inode, pid))
                        && !TargetGone(netns))
                    {
                        return new CaptureEnd(CaptureEndKind.TargetGone,
                            "capture target is gone: no process or mount holds its network namespace any more");
                    }
                }

                PruneGone();
            }

            RefreshOwnTraffic();
            AdoptRejoined();
            _outputs.ForEach(o => o.PublishMetrics());
        }
    }

    private void Drain(CaptureInterface iface)
    {
        _pausedSinceCheck = true;
        for (var i = 0; i < ReadBudgetPerInterface; i++)
        {
            // A write above flushed into full pipes: what is not read yet stays in the kernel ring (see WaitForResume).
            if (!CanStillRead())
            {
                return;
            }

            var status = iface.Handle.NextPacket(out var packet);
            if (status == PcapReadStatus.None)
            {
                return;
            }

            if (status == PcapReadStatus.Error)
            {
                var reason = iface.Handle.LastError;
                CloseInterface(iface, string.IsNullOrEmpty(reason) ? "capture error" : reason);
                return;
            }

            Accept(iface, packet.TimestampNanoseconds, packet.Data, packet.OriginalLength);
        }
    }

    /// <summary>Closes an interface that went away or failed, after its last statistics; each stream that takes blocks now
    /// gets its final statistics block (the others get it with the stream's final statistics).</summary>
    private void CloseInterface(CaptureInterface iface, string reason)
    {
        // As at the end of the capture (Finish): what the ring still holds is counted as left at the end, not lost from
        // the counts (a target gone from a multi-target session leaves a readable ring).
        DiscardRing(iface, _options.KernelBufferBytes);
        RefreshKernelStatistics(iface);
        iface.Close(reason);
        CaptureLog.InterfaceClosed(_logger, Id, iface.Name, reason);
        foreach (var output in _outputs)
        {
            if (output.CanWrite)
            {
                output.WriteStatistics(iface, final: true);
            }
        }
    }

    /// <summary>Reads every open interface's kernel statistics; each joined stream counts its share.</summary>
    private void RefreshKernelStatistics() => _interfaces.ForEach(RefreshKernelStatistics);

    private void RefreshKernelStatistics(CaptureInterface iface)
    {
        var delta = iface.RefreshKernelStatistics();
        if (delta == default)
        {
            return;
        }

        foreach (var output in _outputs)
        {
            output.AddKernelStatistics(iface.Id, delta);
        }
    }

    /// <summary>Every stream whose statistics are due and that takes blocks now gets one block per open interface.</summary>
    private void WriteDueStatistics()
    {
        foreach (var output in _outputs)
        {
            if (!output.StatisticsDue || !output.CanWrite)
            {
                continue;
            }

            output.StatisticsDue = false;
            foreach (var iface in _interfaces)
            {
                if (iface.Open)
                {
                    output.WriteStatistics(iface, final: false);
                }
            }
        }
    }

    /// <summary>Releases every handle and ends every stream. Final statistics are not written here: each consumer asks for
    /// them (<see cref="CaptureSession.WriteFinalStatistics"/>) once it knows what it handed over, so their
    /// <c>isb_usrdeliv</c> is exact.</summary>
    private void Finish(CaptureEnd end)
    {
        try
        {
            lock (_joinLock)
            {
                _closed = true;
            }

            // A stream that asked to join before the end still gets a stream that ends properly.
            AdoptJoined();
            // What the merger still holds goes out (or is counted) before the streams complete.
            ReleaseMerged(all: true);
            foreach (var iface in _interfaces)
            {
                DiscardRing(iface, _options.KernelBufferBytes);
                // The last kernel statistics; the final blocks report them.
                RefreshKernelStatistics(iface);
                iface.Close(null);
            }

            _liveness.ForEach(l => l.Dispose());
        }
        finally
        {
            foreach (var output in _outputs)
            {
                output.Complete(end, withCapture: true);
            }

            _completion.TrySetResult(end);
            _ = Task.Run(ReleaseAsync);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
