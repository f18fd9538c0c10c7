using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>Backpressure (docs/api.md, "Accounting" and "Memory"): a session whose consumer is behind stops reading its
/// kernel rings instead of dropping in its own buffer, and what is still in them at the end is counted.</summary>
public sealed partial class CaptureSession
{
    /// <summary>True when the pipe accepts data. While it is full (the consumer is behind by the session buffer) the
    /// capture stops reading its kernel rings: the packets wait there, the ring absorbs the burst, and when it
    /// overflows the kernel drops and counts them (pcap_stats ps_drop, reported as <c>isb_osdrop</c> and cause
    /// <c>kernel</c>). A ring that is not read stays readable, so its fd is not polled (that would spin): the thread
    /// waits for the pending flush, which completes when the consumer drained the pipe below the resume threshold,
    /// at most <see cref="PollTimeoutMilliseconds"/>, so stop requests and the liveness watch are still noticed.</summary>
    private bool WaitForResume()
    {
        if (_pendingFlush is not { } pending)
        {
            return true;
        }

        // Waiting on the wait handle does not throw when the flush failed; TryResume looks at the outcome.
        ((IAsyncResult)pending).AsyncWaitHandle.WaitOne(PollTimeoutMilliseconds);
        return TryResume();
    }

    private void RefreshKernelStatistics()
    {
        foreach (var iface in _interfaces)
        {
            iface.RefreshKernelStatistics();
        }
    }

    /// <summary>At the end, the packets still waiting in a ring (many, when the consumer was behind and the ring was
    /// not read) are read and counted dropped at session end, so the kernel's receive count is explained. Bounded by
    /// what a ring of <see cref="CaptureOptions.KernelBufferBytes"/> can hold (a TPACKET_V3 frame takes at least
    /// 64 bytes), so traffic that keeps coming cannot hold the end up. Packets of the block the kernel has not
    /// handed over yet (at most one block timeout's worth) cannot be read and are not counted by anyone.</summary>
    private static void DiscardRing(CaptureInterface iface, int kernelBufferBytes)
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

            iface.Captured++;
            iface.CapturedBytes += (uint)packet.Data.Length;
            iface.LeftAtEnd++;
        }
    }
}
