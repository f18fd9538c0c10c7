using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Packetflix.Core.Ordering;
using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Merge;

/// <summary>
/// Merges the pcapng streams of several Packetflix services into one section (docs/clients.md, "Several hosts"), the
/// way Inspektor Gadget's client merges its nodes: one SHB (the first host's options, the comment given, which lists
/// every host's targets), every host's IDBs renumbered in the order they arrive with <c>if_name</c> prefixed by the
/// host, and its packet and statistics blocks rewritten to those ids and put into one timestamp order by Core's
/// <see cref="TimestampMerger{T}"/>. The window counts from a block's arrival: each service has already ordered its
/// own stream (docs/api.md, "Time order"), what is left is how much later one service's batch arrives than another's.
/// A block older than one already written is written at once, out of order, and counted: never dropped.
/// </summary>
/// <remarks>Not thread-safe: <see cref="MergingOutput"/> serialises the hosts' connections. Input must be
/// little-endian (what Packetflix and dumpcap on every platform we ship on write); a big-endian section ends that
/// host's part of the merge with a reason.</remarks>
internal sealed class PcapngStreamMerger
{
    private readonly HostStream[] _hosts;
    private readonly CaptureTargetComment _comment;
    private readonly TimestampMerger<HeldBlock> _merger;
    private uint _nextInterfaceId;

    /// <param name="hostLabels">Each host's interface-name prefix, in the order of the command line.</param>
    /// <param name="comment">The SHB's capture target YAML (upstream keys of the first target, all in <c>targets:</c>).</param>
    /// <param name="window">The reordering window (Core's <see cref="ReorderWindow.Default"/>).</param>
    /// <param name="maxBufferedBytes">At most this much is held; beyond it the oldest blocks go out early.</param>
    public PcapngStreamMerger(IReadOnlyList<string> hostLabels, CaptureTargetComment comment, TimeSpan window, long maxBufferedBytes)
    {
        ArgumentNullException.ThrowIfNull(hostLabels);
        _hosts = [.. hostLabels.Select(l => new HostStream(l))];
        _comment = comment;
        _merger = new TimestampMerger<HeldBlock>(window, maxBufferedBytes);
    }

    public IReadOnlyList<HostStream> Hosts => _hosts;

    /// <summary>The merged section header has been written.</summary>
    public bool HeaderWritten { get; private set; }

    /// <summary>Blocks held in the reordering window.</summary>
    public int Held => _merger.Count;

    /// <summary>When the oldest held block is due, in the nanoseconds given to <see cref="Add"/>; null when none is held.</summary>
    public ulong? NextDue => _merger.NextDue;

    /// <summary>Packets written out of time order, over all hosts.</summary>
    public long Late => _hosts.Sum(h => h.Late);

    /// <summary>
    /// Takes the next chunk of host <paramref name="host"/>'s stream at <paramref name="now"/> (nanoseconds since 1970) and
    /// writes to <paramref name="output"/> what goes out now: the section header, IDBs and blocks of other types at once,
    /// late blocks, and held blocks that are due. With <paramref name="statisticsOnly"/> (after a stop) packets are
    /// discarded and everything else goes out at once.
    /// </summary>
    public void Add(int host, ReadOnlySpan<byte> chunk, ulong now, bool statisticsOnly, IBufferWriter<byte> output)
    {
        var stream = _hosts[host];
        if (stream.Failure is not null || stream.Ended)
        {
            return;
        }

        stream.Append(chunk);
        var walker = new PcapngBlockWalker(stream.Pending, stream.State);
        while (stream.Failure is null)
        {
            var status = walker.ReadNext(out var block);
            if (status == PcapngWalkStatus.Malformed)
            {
                stream.Failure = string.Create(CultureInfo.InvariantCulture,
                    $"its stream is not pcapng as we can merge it ({walker.Malformation.Error}); the rest of it is left out");
                break;
            }

            if (status != PcapngWalkStatus.Block)
            {
                break;
            }

            Handle(stream, block, now, statisticsOnly, output);
            stream.State = walker.State;
        }

        stream.Consume(stream.Failure is null ? walker.Consumed : stream.PendingLength);
        Release(now, all: false, output);
    }

    /// <summary>Writes the held blocks that are due at <paramref name="now"/>, or all of them, oldest first.</summary>
    public void Release(ulong now, bool all, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        while (_merger.TryTake(now, all, out var held))
        {
            output.Write(held.Data);
            held.Return();
        }
    }

    /// <summary>
    /// Host <paramref name="host"/>'s stream is over. With a <paramref name="reason"/> (it ended or failed while we did not
    /// stop) each of its interfaces gets a statistics block with <c>isb_endtime</c> and a comment saying why, with the
    /// service's latest counters, so the summary's figures stay the service's; the other hosts go on.
    /// </summary>
    public void EndHost(int host, string? reason, ulong now, bool statisticsOnly, IBufferWriter<byte> output)
    {
        var stream = _hosts[host];
        stream.Ended = true;
        stream.Consume(stream.PendingLength);
        if (reason is null)
        {
            return;
        }

        var text = $"stream from {stream.Label} ended: {reason}";
        var at = Math.Max(now, stream.Newest);
        var isb = new ArrayBufferWriter<byte>();
        foreach (var iface in stream.All)
        {
            var last = iface.LastStatistics ?? new InterfaceStatistics();
            var statistics = last with
            {
                EndTime = last.EndTime ?? iface.Clock.FromNanoseconds(now),
                Comment = string.IsNullOrEmpty(last.Comment) ? text : last.Comment + "; " + text,
            };
            isb.ResetWrittenCount();
            PcapngBlockWriter.WriteInterfaceStatistics(isb, iface.Id, iface.Clock.FromNanoseconds(at), statistics);
            Emit(stream, isb.WrittenSpan, at, now, statisticsOnly, isPacket: false, output);
        }

        Release(now, all: false, output);
    }

    private void Handle(HostStream stream, PcapngBlockView block, ulong now, bool statisticsOnly, IBufferWriter<byte> output)
    {
        switch (block.Type)
        {
            case PcapngBlockTypes.SectionHeader:
                OnSectionHeader(stream, block, output);
                break;
            case PcapngBlockTypes.InterfaceDescription:
                OnInterfaceDescription(stream, block, output);
                break;
            case PcapngBlockTypes.EnhancedPacket or PcapngBlockTypes.InterfaceStatistics:
                OnInterfaceBlock(stream, block, now, statisticsOnly, output);
                break;
            default:
                // Name resolution, decryption secrets, custom blocks: they refer to no interface and go out as they are.
                output.Write(block.Bytes);
                break;
        }
    }

    private void OnSectionHeader(HostStream stream, PcapngBlockView shb, IBufferWriter<byte> output)
    {
        if (shb.BigEndian)
        {
            stream.Failure = "it sent a big-endian pcapng section, which cannot be merged; the rest of its stream is left out";
            return;
        }

        // A new section numbers its interfaces from 0 again (§4.1, §4.2); the merged one goes on.
        stream.Section.Clear();
        if (HeaderWritten)
        {
            return;
        }

        string? comment = null;
        string? hardware = null;
        string? os = null;
        string? application = null;
        foreach (var option in shb.Options)
        {
            var text = Encoding.UTF8.GetString(option.Value);
            switch (option.Code)
            {
                case 1 when comment is null:
                    comment = text;
                    break;
                case 2:
                    hardware ??= text;
                    break;
                case 3:
                    os ??= text;
                    break;
                case 4:
                    application ??= text;
                    break;
                default:
                    break;
            }
        }

        var merged = ShbCommentEditor.ReplaceTargetInformation(comment, _comment);
        if (Encoding.UTF8.GetByteCount(merged) > ushort.MaxValue)
        {
            // §3.5: an option value is at most 65535 bytes; the YAML alone is what clients read.
            merged = _comment.ToYaml();
        }

        PcapngBlockWriter.WriteSectionHeader(output, merged, hardware, os, application);
        HeaderWritten = true;
    }

    private void OnInterfaceDescription(HostStream stream, PcapngBlockView idb, IBufferWriter<byte> output)
    {
        var iface = new MergedInterface(_nextInterfaceId++, InterfaceRenamer.ReadClock(idb));
        var name = InterfaceRenamer.ReadName(idb, string.Create(CultureInfo.InvariantCulture, $"if{stream.Section.Count}"));
        stream.Section.Add(iface);
        stream.All.Add(iface);
        InterfaceRenamer.Write(idb, $"{stream.Label}:{name}", output);
    }

    private void OnInterfaceBlock(HostStream stream, PcapngBlockView block, ulong now, bool statisticsOnly, IBufferWriter<byte> output)
    {
        var isPacket = block.Type == PcapngBlockTypes.EnhancedPacket;
        if (stream.Interface(block.InterfaceId) is not { } iface)
        {
            stream.Failure = string.Create(CultureInfo.InvariantCulture,
                $"a block refers to interface {block.InterfaceId}, which its section did not describe; the rest of its stream is left out");
            return;
        }

        if (isPacket && statisticsOnly)
        {
            return;
        }

        if (!isPacket && block.TryReadStatistics(out var statistics, out _))
        {
            iface.LastStatistics = statistics;
        }

        var timestamp = iface.Clock.ToNanoseconds(block.Timestamp);
        if (isPacket)
        {
            stream.Newest = Math.Max(stream.Newest, timestamp);
        }

        // The block as it came, with the merged interface id (§4.3, §4.6: the id follows the 8 bytes of type and length).
        var rewritten = ArrayPool<byte>.Shared.Rent(block.TotalLength);
        try
        {
            block.Bytes.CopyTo(rewritten);
            BinaryPrimitives.WriteUInt32LittleEndian(rewritten.AsSpan(8), iface.Id);
            Emit(stream, rewritten.AsSpan(0, block.TotalLength), timestamp, now, statisticsOnly, isPacket, output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rewritten);
        }
    }

    /// <summary>Holds a block for ordering, or writes it now: after a stop, or when it is late (counted for packets).</summary>
    private void Emit(HostStream stream, ReadOnlySpan<byte> block, ulong timestamp, ulong now, bool statisticsOnly, bool isPacket,
        IBufferWriter<byte> output)
    {
        if (statisticsOnly || _merger.IsLate(timestamp))
        {
            if (isPacket)
            {
                stream.Late++;
            }

            output.Write(block);
            return;
        }

        var held = HeldBlock.Copy(block);
        if (!_merger.TryAdd(held, timestamp, block.Length, heldFrom: now))
        {
            held.Return();
            output.Write(block);
        }
    }
}
