using System.Buffers;
using System.IO.Pipelines;

namespace Packetflix.Capture;

/// <summary>The capture thread's writer into the session pipe: blocks are written into the pipe segment's free memory
/// one after the other, and the pipe is told about them (<see cref="PipeWriter.Advance"/>) once per batch instead of
/// once per block. <see cref="Pipe"/> takes its lock in every <c>Advance</c>; per 60-byte packet that lock was about a
/// tenth of the capture thread's CPU (docs/benchmarks.md, "Send path, part 2").</summary>
/// <remarks>Each block still lies in one span (it is written with one <see cref="GetSpan"/>), so no block straddles a
/// segment. Memory from the pipe is valid only until its next <c>Advance</c> or flush, so <see cref="Commit"/> gives
/// it up; call it before every flush and before completing the pipe. One thread only.</remarks>
internal sealed class BatchedPipeWriter : IBufferWriter<byte>
{
    private readonly PipeWriter _pipe;
    private Memory<byte> _memory;
    private int _written;

    public BatchedPipeWriter(PipeWriter pipe) => _pipe = pipe;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _memory.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_memory.Length - _written < needed)
        {
            Commit();
            // The pipe hands out the rest of its current segment when the hint fits there, else a new segment.
            _memory = _pipe.GetMemory(needed);
        }

        return _memory[_written..];
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>Tells the pipe about the bytes written so far; they are then part of the next flush.</summary>
    public void Commit()
    {
        if (_written > 0)
        {
            _pipe.Advance(_written);
        }

        _written = 0;
        _memory = default;
    }
}
