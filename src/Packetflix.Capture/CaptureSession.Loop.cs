using System.Buffers;
using System.IO.Pipelines;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;

namespace Packetflix.Capture;

public sealed partial class CaptureSession
{
    /// <summary>poll(2) timeout: the longest a stop request or a dead namespace waits to be noticed.</summary>
    private const int PollTimeoutMilliseconds = 100;

    /// <summary>Packets read from one interface before the others get their turn, so one busy interface
    /// cannot starve the rest.</summary>
    private const int ReadBudgetPerInterface = 1024;

    /// <summary>Bytes at which a batch is flushed at once, without waiting for <see cref="FlushDelay"/>; also bounds
    /// the overshoot above the pipe's pause threshold. A batch goes out as messages of up to one pipe segment each, so
    /// each flush wakes the sender (and its client) once for several messages: against 64 KiB, the same service CPU
    /// and about 15 % less client CPU at 60-byte frames (docs/benchmarks.md, "Send path, part 2").</summary>
    private const int FlushEveryBytes = 256 * 1024;

    /// <summary>The longest a captured packet waits to be batched with later ones. Each flush wakes the sender, and
    /// per-wake-up cost dominates at high packet rates (docs/benchmarks.md), so packets are batched;
    /// the issue allows ~50 ms of added latency, we use far less.</summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan LivenessInterval = TimeSpan.FromMilliseconds(200);

    private Task<FlushResult>? _pendingFlush;
    private long _bytesSinceFlush;

    /// <summary>True when blocks were written but not flushed yet; the header written at start counts.</summary>
    private bool _hasUnflushed = true;
    private bool _consumerGone;
    private long _publishedCaptured;
    private long _publishedCapturedBytes;
    private long _publishedDroppedByUs;
    private long _publishedKernelDropped;

    /// <summary>When the oldest unflushed block was written.</summary>
    private long _firstUnflushed;

    private bool Paused => _pendingFlush is not null;

    private void MarkUnflushed()
    {
        if (!_hasUnflushed)
        {
            _hasUnflushed = true;
            _firstUnflushed = _time.GetTimestamp();
        }
    }

    /// <summary>Wait in poll(2) no longer than until the pending batch is due.</summary>
    private int PollTimeout(long now)
    {
        if (!_hasUnflushed || Paused)
        {
            return PollTimeoutMilliseconds;
        }

        var due = _firstUnflushed + Ticks(FlushDelay) - now;
        return (int)Math.Clamp(due * 1000 / _time.TimestampFrequency, 0, PollTimeoutMilliseconds);
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
            if (_stopRequested)
            {
                return new CaptureEnd(CaptureEndKind.Stopped, "capture stopped");
            }

            var now = _time.GetTimestamp();
            if (_hasUnflushed && (_bytesSinceFlush >= FlushEveryBytes || now - _firstUnflushed >= Ticks(FlushDelay)))
            {
                Flush();
            }

            if (_consumerGone)
            {
                return new CaptureEnd(CaptureEndKind.ConsumerGone, "consumer went away");
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

            // Resume here too, not only when a packet arrives: after the traffic stopped, a consumer that caught up
            // would otherwise never get the statistics block that reports the drops.
            if (Paused)
            {
                _ = TryResume();
            }

            now = _time.GetTimestamp();
            if (now >= nextStatistics && !Paused)
            {
                WriteStatistics(final: false);
                nextStatistics = now + Ticks(_options.StatisticsInterval);
            }
            else if (now >= nextStatistics)
            {
                // No block can be written while paused, but the kernel's drop count (the rings we stopped reading
                // overflow) reaches /metrics now; the statistics block follows as soon as the consumer caught up.
                RefreshKernelStatistics();
            }

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
            PublishMetrics();
        }
    }

    private void Drain(CaptureInterface iface)
    {
        for (var i = 0; i < ReadBudgetPerInterface; i++)
        {
            // A write above flushed into a full pipe: what is not read yet stays in the kernel ring (see WaitForResume).
            if (Paused && !TryResume())
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

            iface.Captured++;
            iface.CapturedBytes += (uint)packet.Data.Length;
            Accept(iface, packet.TimestampNanoseconds, packet.Data, packet.OriginalLength);
        }
    }

    private void CloseInterface(CaptureInterface iface, string reason)
    {
        iface.Close(reason);
        CaptureLog.InterfaceClosed(_logger, Id, iface.Name, reason);
        if (!Paused)
        {
            WriteStatistics(iface, final: true);
        }
    }

    /// <summary>Publishes written blocks to the consumer. A flush that does not complete at once means the pipe
    /// reached its pause threshold: from then on the capture reads nothing until the consumer caught up
    /// (<see cref="WaitForResume"/>).</summary>
    private void Flush()
    {
        if (Paused && !TryResume())
        {
            return;
        }

        if (!_hasUnflushed)
        {
            return;
        }

        _hasUnflushed = false;
        _bytesSinceFlush = 0;
        _out.Commit();
        var flush = _pipe.Writer.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            _consumerGone |= flush.Result.IsCompleted;
            return;
        }

        _pendingFlush = flush.AsTask();
    }

    private bool TryResume()
    {
        var pending = _pendingFlush!;
        if (!pending.IsCompleted)
        {
            return false;
        }

        _pendingFlush = null;
        _consumerGone |= !pending.IsCompletedSuccessfully || pending.Result.IsCompleted;
        return true;
    }

    private void WriteStatistics(bool final)
    {
        foreach (var iface in _interfaces)
        {
            if (iface.Open)
            {
                iface.RefreshKernelStatistics();
                WriteStatistics(iface, final);
            }
            else if (final)
            {
                WriteStatistics(iface, final);
            }
        }
    }

    /// <summary>An in-stream statistics block: it follows exactly the packets written so far, so
    /// <c>isb_usrdeliv</c> = <see cref="CaptureInterface.Written"/> is what a consumer that sends every block in
    /// order has handed over before it.</summary>
    private void WriteStatistics(CaptureInterface iface, bool final) =>
        WriteStatistics(_out, iface, final, (ulong)iface.Written, StatisticsComment(iface, droppedAtSessionEnd: 0));

    /// <summary>The comment format is documented in docs/api.md ("Accounting"); clients parse it, keep it stable.</summary>
    private static string? StatisticsComment(CaptureInterface iface, long droppedAtSessionEnd)
    {
        var parts = new List<string>(4);
        if (iface.DroppedByUs > 0)
        {
            parts.Add($"packetflix dropped {iface.DroppedByUs} packets because the client did not keep up");
        }

        if (droppedAtSessionEnd > 0)
        {
            parts.Add($"packetflix dropped {droppedAtSessionEnd} buffered packets at session end");
        }

        if (iface.Late > 0)
        {
            parts.Add($"packetflix wrote {iface.Late} packets out of time order, later than the reordering window");
        }

        if (iface.CloseReason is { } reason)
        {
            parts.Add($"interface closed: {reason}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private void WriteStatistics(IBufferWriter<byte> writer, CaptureInterface iface, bool final, ulong userDelivered, string? comment)
    {
        var now = NowNanoseconds();
        PcapngBlockWriter.WriteInterfaceStatistics(writer, iface.Id, now, new InterfaceStatistics
        {
            StartTime = _startNanoseconds,
            EndTime = final ? now : null,
            // Linux counts packets that passed the socket filter; the pre-filter count is unknown (packet(7),
            // PACKET_STATISTICS), so ifrecv and filteraccept carry the same kernel count.
            InterfaceReceived = (ulong)iface.KernelReceived,
            FilterAccepted = (ulong)iface.KernelReceived,
            InterfaceDropped = (ulong)iface.InterfaceDropped,
            OsDropped = (ulong)iface.KernelDropped,
            UserDelivered = userDelivered,
            Comment = comment,
        });
        if (ReferenceEquals(writer, _out))
        {
            MarkUnflushed();
        }
    }

    /// <summary>Releases every handle and completes the stream. Final statistics are not written here: the consumer
    /// asks for them (<see cref="WriteFinalStatistics"/>) once it knows what it handed over, so their
    /// <c>isb_usrdeliv</c> is exact.</summary>
    private void Finish(CaptureEnd end)
    {
        try
        {
            // What the merger still holds goes out (or is counted) before the stream completes.
            ReleaseMerged(all: true);
            foreach (var iface in _interfaces)
            {
                DiscardRing(iface, _options.KernelBufferBytes);
                // Close reads the kernel statistics one last time; the final blocks report them.
                iface.Close(null);
            }

            _liveness.ForEach(l => l.Dispose());
            PublishMetrics();
        }
        finally
        {
            // Completing commits what was written but not flushed yet; a paused flush stays the consumer's to read.
            _out.Commit();
            _pipe.Writer.Complete();
            CaptureMetrics.SessionEnded();
            _end = end;
            _completion.TrySetResult(end);
        }
    }

    private void PublishMetrics()
    {
        long captured = 0, capturedBytes = 0, droppedByUs = 0, kernelDropped = 0;
        foreach (var iface in _interfaces)
        {
            captured += iface.Captured;
            capturedBytes += iface.CapturedBytes;
            droppedByUs += iface.DroppedByUs;
            kernelDropped += iface.KernelDropped;
        }

        CaptureMetrics.AddCaptured(captured - _publishedCaptured, capturedBytes - _publishedCapturedBytes, droppedByUs - _publishedDroppedByUs);
        CaptureMetrics.AddKernelDrops(kernelDropped - _publishedKernelDropped);
        _publishedCaptured = captured;
        _publishedCapturedBytes = capturedBytes;
        _publishedDroppedByUs = droppedByUs;
        _publishedKernelDropped = kernelDropped;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private ulong NowNanoseconds() => UnixNanoseconds(_time.GetUtcNow());

    private static ulong UnixNanoseconds(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100UL;
}
