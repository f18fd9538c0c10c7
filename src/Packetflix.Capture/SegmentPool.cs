using System.Buffers;

namespace Packetflix.Capture;

/// <summary>
/// The memory of the session pipes: 256 KiB segments (the pipes' minimum segment size) that are kept for reuse. A
/// segment is the largest message the sender hands over without a copy, so bigger segments mean fewer messages, and
/// each message costs a WebSocket send, a Kestrel flush and mostly a <c>sendmsg</c> and a client wake-up: against
/// 64 KiB (with <see cref="CaptureOutput"/>'s 1 MiB batches), one session flat out at 60-byte frames cost 0.14-0.15
/// instead of 0.16-0.24 service CPU s per million packets and its client about half as much, and the service's peak
/// RSS fell by a quarter (docs/benchmarks.md, "Bigger messages"). A session whose client is a little
/// behind holds up to its buffer (4 MiB: 16 segments) at once; the shared
/// <see cref="ArrayPool{T}"/> keeps only a few arrays of a size per core, so every other segment was a new array and
/// the churn (about 8 MB/s per session at full rate) grew the GC's gen0 budget, which the service's peak RSS held
/// (docs/benchmarks.md, "Memory"). Arrays come back here when the reader advances past them, up to
/// <see cref="MaxRetainedSegments"/> (16 MiB) in all sessions; a larger request (a packet block over 256 KiB) is
/// served by the GC.
/// </summary>
internal sealed class SegmentPool : MemoryPool<byte>
{
    public const int SegmentBytes = 256 * 1024;

    public const int MaxRetainedSegments = 64;

    public static readonly SegmentPool Instance = new();

    private readonly ArrayPool<byte> _arrays = ArrayPool<byte>.Create(SegmentBytes, MaxRetainedSegments);

    public override int MaxBufferSize => SegmentBytes;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, SegmentBytes);
        return new Segment(_arrays, _arrays.Rent(SegmentBytes));
    }

    protected override void Dispose(bool disposing)
    {
        // Shared for the life of the process.
    }

    private sealed class Segment(ArrayPool<byte> arrays, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Segment));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                arrays.Return(returned);
            }
        }
    }
}
