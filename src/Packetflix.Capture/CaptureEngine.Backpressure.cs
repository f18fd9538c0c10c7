using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>Backpressure (docs/api.md, "Accounting" and "Memory"): a capture whose consumers are behind stops reading its
/// kernel rings instead of dropping in its own buffers, and what is still in them at the end is counted.</summary>
internal sealed partial class CaptureEngine
{
    /// <summary>WaitHandle.WaitAny takes at most this many handles.</summary>
    private const int MaxWaitHandles = 64;

    /// <summary>True when the rings may be read (<see cref="CanRead"/>). While every stream's pipe is full (each consumer is
    /// behind by its session buffer), or a paused stream is held for, the capture stops reading its kernel rings: the
    /// packets wait there, the ring absorbs the burst, and when it overflows the kernel drops and counts them
    /// (pcap_stats ps_drop, reported as <c>isb_osdrop</c> and cause <c>kernel</c>). A ring that is not read stays
    /// readable, so its fd is not polled (that would spin): the thread waits for a pending flush, which completes when
    /// its consumer drained the pipe below the resume threshold, at most <see cref="PollTimeoutMilliseconds"/> or until
    /// a held stream is cut loose, so stop requests and the liveness watch are still noticed.</summary>
    private bool WaitForResume()
    {
        if (_outputs.Count == 0 || CanRead)
        {
            return true;
        }

        // Waiting on the wait handles does not throw when a flush failed; TryResume looks at the outcome. With more paused
        // streams than WaitAny takes, the others are looked at after the timeout.
        var handles = _outputs.Where(o => o.Paused).Take(MaxWaitHandles).Select(o => ((IAsyncResult)o.PendingFlush!).AsyncWaitHandle)
            .ToArray();
        if (handles.Length > 0)
        {
            WaitHandle.WaitAny(handles, HoldTimeout(PollTimeoutMilliseconds));
        }

        return CanRead;
    }

    /// <summary>At the end, the packets still waiting in a ring (many, when the consumer was behind and the ring was
    /// not read) are read and counted dropped at session end, so the kernel's receive count is explained. Bounded by
    /// what a ring of <see cref="CaptureOptions.KernelBufferBytes"/> can hold (a TPACKET_V3 frame takes at least
    /// 64 bytes), so traffic that keeps coming cannot hold the end up. Packets of the block the kernel has not
    /// handed over yet (at most one block timeout's worth) cannot be read and are not counted by anyone.</summary>
    private void DiscardRing(CaptureInterface iface, int kernelBufferBytes)
    {
        if (!iface.Open)
        {
            return;
        }

        for (var i = 0; i < Math.Max(ReadBudgetPerInterface, kernelBufferBytes / 64); i++)
        {
            if (iface.Handle.NextPacket(out var packet) != PcapReadStatus.Packet)
            {
                return;
            }

            iface.Offered++;
            foreach (var output in _outputs)
            {
                output.CountLeftAtEnd(iface.Id, 1, packet.Data.Length);
            }
        }
    }
}
