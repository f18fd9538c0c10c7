using System.Buffers;

namespace Packetflix.Extcap.Merge;

/// <summary>A rewritten packet or statistics block waiting in the merge's reordering window: a rented copy, given back
/// with <see cref="Return"/> once written.</summary>
internal readonly record struct HeldBlock(byte[] Buffer, int Length)
{
    public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, Length);

    public static HeldBlock Copy(ReadOnlySpan<byte> block)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(block.Length);
        block.CopyTo(buffer);
        return new HeldBlock(buffer, block.Length);
    }

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
