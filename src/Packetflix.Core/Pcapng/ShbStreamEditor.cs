using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// Rewrites the first Section Header Block of a pcapng byte stream so that its first comment carries the
/// capture target YAML, byte-compatible with csharg's <c>pcapng.StreamEditor</c> (docs/protocol.md §8);
/// everything after that SHB passes through untouched. Not thread-safe: feed it from one writer.
/// </summary>
public sealed class ShbStreamEditor
{
    // pcapng §4.1: an SHB never legitimately approaches this; a larger length means the stream is not what we think.
    private const int MaxSectionHeaderLength = 16 * 1024 * 1024;

    private static readonly byte[] SectionHeaderType = [0x0A, 0x0D, 0x0D, 0x0A];
    private static readonly byte[] BigEndianMagic = [0x1A, 0x2B, 0x3C, 0x4D];

    private readonly CaptureTargetComment _target;
    private ArrayBufferWriter<byte>? _pending = new();
    private bool _bigEndian;
    private int _shbLength;

    /// <summary>Creates an editor that writes <paramref name="target"/> into the SHB comment.</summary>
    public ShbStreamEditor(CaptureTargetComment target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
    }

    /// <summary>Whether the SHB has been handled (rewritten, or given up on) and the editor only passes data through.</summary>
    public bool HeaderDone => _pending is null;

    /// <summary>
    /// Consumes the next chunk of the stream and writes whatever can be emitted so far. While the SHB is
    /// incomplete nothing is written (upstream writes an empty chunk instead).
    /// </summary>
    public void Process(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_pending is null)
        {
            output.Write(input);
            return;
        }

        _pending.Write(input);
        var buffered = _pending.WrittenSpan;
        if (_shbLength == 0)
        {
            if (buffered.Length < 12)
            {
                return;
            }

            if (!TryReadShbLength(buffered))
            {
                PassThrough(output, buffered);
                return;
            }
        }

        if (buffered.Length < _shbLength)
        {
            return;
        }

        WriteEditedHeader(buffered[.._shbLength], output);
        output.Write(buffered[_shbLength..]);
        _pending = null;
    }

    private bool TryReadShbLength(ReadOnlySpan<byte> buffered)
    {
        if (!buffered[..4].SequenceEqual(SectionHeaderType))
        {
            return false;
        }

        // pcapng §4.1: the byte-order magic 0x1A2B3C4D reads as 1A 2B 3C 4D only in a big-endian section.
        _bigEndian = buffered[8..12].SequenceEqual(BigEndianMagic);
        var length = _bigEndian
            ? BinaryPrimitives.ReadUInt32BigEndian(buffered[4..])
            : BinaryPrimitives.ReadUInt32LittleEndian(buffered[4..]);

        // Upstream trusts any length (and can wait forever or panic); a nonsensical one means "leave it alone".
        if (length < PcapngConstants.MinimumSectionHeaderLength || length % 4 != 0 || length > MaxSectionHeaderLength)
        {
            return false;
        }

        _shbLength = (int)length;
        return true;
    }

    private void PassThrough(IBufferWriter<byte> output, ReadOnlySpan<byte> buffered)
    {
        output.Write(buffered);
        _pending = null;
    }

    private void WriteEditedHeader(ReadOnlySpan<byte> shb, IBufferWriter<byte> output)
    {
        var reader = new EndianReader(_bigEndian);
        var kept = new List<(ushort Code, int Offset, int Length)>();
        string? firstComment = null;

        // pcapng §3.5 options start after magic, version and section length (offset 24) and end before the trailer.
        var pos = 24;
        var end = shb.Length - 4;
        while (pos + 4 <= end)
        {
            var code = reader.UInt16(shb[pos..]);
            var length = reader.UInt16(shb[(pos + 2)..]);
            if ((code == PcapngConstants.OptEndOfOpt && length == 0) || pos + 4 + length > end)
            {
                break;
            }

            if (code == PcapngConstants.OptComment && firstComment is null)
            {
                firstComment = Encoding.UTF8.GetString(shb.Slice(pos + 4, length));
            }
            else
            {
                kept.Add((code, pos + 4, length));
            }

            pos += 4 + PcapngConstants.Pad4(length);
        }

        var comment = EncodeComment(ShbCommentEditor.ReplaceTargetInformation(firstComment, _target));
        var total = PcapngConstants.MinimumSectionHeaderLength + 4 + PcapngConstants.Pad4(comment.Length);
        foreach (var option in kept)
        {
            total += 4 + PcapngConstants.Pad4(option.Length);
        }

        var span = output.GetSpan(total)[..total];
        span.Clear();
        var writer = new EndianWriter(span, _bigEndian);
        writer.UInt32(0, PcapngConstants.SectionHeaderBlockType);
        writer.UInt32(4, (uint)total);
        writer.UInt32(8, PcapngConstants.ByteOrderMagic);
        shb.Slice(12, 4).CopyTo(span[12..]); // major and minor version, unchanged and in the same byte order
        writer.UInt64(16, ulong.MaxValue); // §4.1: section length -1, "not specified"
        var at = 24;
        at = writer.Option(at, PcapngConstants.OptComment, comment);
        foreach (var option in kept)
        {
            at = writer.Option(at, option.Code, shb.Slice(option.Offset, option.Length));
        }

        // Like upstream, no opt_endofopt: pcapng §3.5 allows the list to simply end with the block.
        writer.UInt32(at, (uint)total);
        output.Advance(total);
    }

    private byte[] EncodeComment(string comment)
    {
        var bytes = Encoding.UTF8.GetBytes(comment);
        if (bytes.Length <= ushort.MaxValue)
        {
            return bytes;
        }

        // pcapng §3.5: an option value is at most 65535 bytes. Drop the old comment text before our YAML first; if even
        // that is too long, cut it at a character boundary. Upstream silently writes a wrapped length here.
        bytes = Encoding.UTF8.GetBytes(_target.ToYaml());
        var cut = Math.Min(bytes.Length, ushort.MaxValue);
        while (cut > 0 && cut < bytes.Length && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return bytes[..cut];
    }
}
