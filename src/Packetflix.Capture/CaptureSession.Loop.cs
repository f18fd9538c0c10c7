using System.IO.Pipelines;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;

namespace Packetflix.Capture;

internal sealed partial class CaptureSession
{
    /// <summary>poll(2) timeout: the longest a stop request or a dead namespace waits to be noticed.</summary>
    private const int PollTimeoutMilliseconds = 100;

    /// <summary>Packets read from one interface before the others get their turn, so one busy interface
    /// cannot starve the rest.</summary>
    private const int ReadBudgetPerInterface = 1024;

    /// <summary>Bytes written before a flush inside a busy iteration; bounds message size and the overshoot above
    /// the pipe's pause threshold.</summary>
    private const int FlushEveryBytes = 256 * 1024;

    /// <summary>Bytes at which a batch is worth sending at once, without waiting for <see cref="FlushDelay"/>.</summary>
    private const int FlushBatchBytes = 64 * 1024;

    /// <summary>The longest a captured packet waits to be batched with later ones. Each flush becomes a WebSocket
    /// message, and per-message cost dominates at high packet rates (docs/benchmarks.md), so packets are batched;
    /// the issue allows ~50 ms of added latency, we use far less.</summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>How long the ending capture waits for a slow consumer before it gives up on final statistics.</summary>
    private static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LivenessInterval = TimeSpan.FromMilliseconds(200);

    private Task<FlushResult>? _pendingFlush;
    private long _bytesSinceFlush;

    /// <summary>True when blocks were written but not flushed yet; the header written at start counts.</summary>
    private bool _hasUnflushed = true;
    private bool _consumerGone;
    private long _publishedCaptured;
    private long _publishedDelivered;
    private long _publishedDroppedByUs;
    private long _publishedKernelDropped;
    private long _deliveredBytes;
    private long _publishedBytes;

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

    private unsafe CaptureEnd Loop()
    {
        var pollFds = new Interop.Libc.PollFd[_interfaces.Count];
        var nextStatistics = _time.GetTimestamp() + Ticks(_options.StatisticsInterval);
        var nextLiveness = _time.GetTimestamp() + Ticks(LivenessInterval);
        while (true)
        {
            if (_stopRequested)
            {
                return new CaptureEnd(CaptureEndKind.Stopped, "capture stopped");
            }

            var now = _time.GetTimestamp();
            if (_hasUnflushed && (_bytesSinceFlush >= FlushBatchBytes || now - _firstUnflushed >= Ticks(FlushDelay)))
            {
                Flush();
            }

            if (_consumerGone)
            {
                return new CaptureEnd(CaptureEndKind.ConsumerGone, "consumer went away");
            }

            var count = 0;
            foreach (var iface in _interfaces)
            {
                if (iface.Open)
                {
                    pollFds[count++] = new Interop.Libc.PollFd { Fd = iface.SelectableFd, Events = Interop.Libc.PollIn };
                }
            }

            if (count == 0)
            {
                return new CaptureEnd(CaptureEndKind.InterfacesGone, "all capture interfaces are gone");
            }

            fixed (Interop.Libc.PollFd* fds = pollFds)
            {
                // EINTR and friends just mean "look again"; the handles report their own errors on read.
                _ = Interop.Libc.poll(fds, (nuint)count, PollTimeout(now));
            }

            foreach (var iface in _interfaces)
            {
                if (iface.Open)
                {
                    Drain(iface);
                }
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

            if (now >= nextLiveness)
            {
                nextLiveness = now + Ticks(LivenessInterval);
                foreach (var netns in _liveness)
                {
                    if (!netns.IsAlive(now, _time, pid => CaptureLog.WatchedProcessExited(_logger, Id, netns.Inode, pid)))
                    {
                        return new CaptureEnd(CaptureEndKind.TargetGone,
                            "capture target is gone: no process or mount holds its network namespace any more");
                    }
                }
            }

            PublishMetrics();
        }
    }

    private unsafe void Drain(CaptureInterface iface)
    {
        var writer = _pipe.Writer;
        for (var i = 0; i < ReadBudgetPerInterface; i++)
        {
            Interop.Pcap.PcapPacketHeader* header;
            byte* data;
            var rc = Interop.Pcap.pcap_next_ex(iface.Handle, &header, &data);
            if (rc == 0)
            {
                return;
            }

            if (rc < 0)
            {
                var reason = Interop.FromCString(Interop.Pcap.pcap_geterr(iface.Handle));
                CloseInterface(iface, string.IsNullOrEmpty(reason) ? "capture error" : reason);
                return;
            }

            iface.Captured++;
            if (Paused && !TryResume())
            {
                iface.DroppedByUs++;
                continue;
            }

            var capLen = (int)header->CapLen;
            // With PCAP_TSTAMP_PRECISION_NANO the "usec" field holds nanoseconds (pcap_set_tstamp_precision(3PCAP)).
            var timestamp = ((ulong)header->TvSec * 1_000_000_000UL) + (ulong)header->TvUsec;
            PcapngBlockWriter.WriteEnhancedPacket(writer, iface.Id, timestamp, new ReadOnlySpan<byte>(data, capLen), header->Len);
            iface.Delivered++;
            var blockLength = PcapngBlockWriter.EnhancedPacketBlockLength(capLen);
            _deliveredBytes += blockLength;
            _bytesSinceFlush += blockLength;
            MarkUnflushed();
            if (_bytesSinceFlush >= FlushEveryBytes)
            {
                Flush();
            }
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
    /// reached its pause threshold: from then on packets are dropped and counted until the consumer catches up.</summary>
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

    private void WriteStatistics(CaptureInterface iface, bool final)
    {
        var now = NowNanoseconds();
        var comment = iface.DroppedByUs > 0
            ? $"packetflix dropped {iface.DroppedByUs} packets because the client did not keep up"
            : null;
        if (iface.CloseReason is { } reason)
        {
            comment = comment is null ? $"interface closed: {reason}" : $"{comment}; interface closed: {reason}";
        }

        PcapngBlockWriter.WriteInterfaceStatistics(_pipe.Writer, iface.Id, now, new InterfaceStatistics
        {
            StartTime = _startNanoseconds,
            EndTime = final ? now : null,
            // Linux counts packets that passed the socket filter; the pre-filter count is unknown (packet(7),
            // PACKET_STATISTICS), so ifrecv and filteraccept carry the same kernel count.
            InterfaceReceived = (ulong)iface.KernelReceived,
            FilterAccepted = (ulong)iface.KernelReceived,
            InterfaceDropped = (ulong)iface.InterfaceDropped,
            OsDropped = (ulong)iface.KernelDropped,
            UserDelivered = (ulong)iface.Delivered,
            Comment = comment,
        });
        MarkUnflushed();
    }

    private void Finish(CaptureEnd end)
    {
        try
        {
            if (_pendingFlush is { } pending)
            {
                // Blocking is fine here: this is the dedicated capture thread, never a pool thread.
                if (pending.Wait(FinalFlushTimeout) && pending.IsCompletedSuccessfully && !pending.Result.IsCompleted)
                {
                    _pendingFlush = null;
                }
            }

            // After a plain stop nobody reads the stream any more (the client closed or the server is going down).
            if (!Paused && !_consumerGone && (end.Kind != CaptureEndKind.Stopped || _finalStatisticsOnStop))
            {
                WriteStatistics(final: true);
                var flush = _pipe.Writer.FlushAsync().AsTask();
                _ = flush.Wait(FinalFlushTimeout);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or AggregateException)
        {
            // The consumer completed the pipe while we were ending; nothing left to tell it.
        }
        finally
        {
            foreach (var iface in _interfaces)
            {
                iface.Close(null);
            }

            _liveness.ForEach(l => l.Dispose());
            PublishMetrics();
            _pipe.Writer.Complete();
            CaptureMetrics.SessionEnded();
            var totals = Statistics();
            CaptureLog.Ended(_logger, Id, end.Kind, end.Reason, totals.Sum(s => s.Captured), totals.Sum(s => s.Delivered),
                totals.Sum(s => s.DroppedByUs), totals.Sum(s => s.KernelDropped));
            _completion.TrySetResult(end);
        }
    }

    private void PublishMetrics()
    {
        long captured = 0, delivered = 0, droppedByUs = 0, kernelDropped = 0;
        foreach (var iface in _interfaces)
        {
            captured += iface.Captured;
            delivered += iface.Delivered;
            droppedByUs += iface.DroppedByUs;
            kernelDropped += iface.KernelDropped;
        }

        CaptureMetrics.AddPackets(captured - _publishedCaptured, delivered - _publishedDelivered, _deliveredBytes - _publishedBytes,
            droppedByUs - _publishedDroppedByUs);
        CaptureMetrics.AddKernelDrops(kernelDropped - _publishedKernelDropped);
        _publishedCaptured = captured;
        _publishedDelivered = delivered;
        _publishedDroppedByUs = droppedByUs;
        _publishedKernelDropped = kernelDropped;
        _publishedBytes = _deliveredBytes;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private ulong NowNanoseconds() => UnixNanoseconds(_time.GetUtcNow());

    private static ulong UnixNanoseconds(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100UL;
}
