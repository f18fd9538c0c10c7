namespace Packetflix.Extcap.Merge;

/// <summary>One host's stream in a merge of several (docs/clients.md, "Several hosts"): the bytes of an incomplete
/// block, the section it is in, and its interfaces by their ids in the current section (§4.2: ids count the IDBs of
/// a section, so a new SHB starts them again) and all of them.</summary>
internal sealed class HostStream(string label)
{
    private byte[] _pending = new byte[64 * 1024];

    /// <summary>The prefix of its interface names: the host as the person knows it.</summary>
    public string Label { get; } = label;

    /// <summary>Its interfaces by their ids in its current section.</summary>
    public List<MergedInterface> Section { get; } = [];

    /// <summary>Its interfaces of every section, in order.</summary>
    public List<MergedInterface> All { get; } = [];

    public Core.Pcapng.PcapngReaderState State { get; set; }

    public int PendingLength { get; private set; }

    public ReadOnlySpan<byte> Pending => _pending.AsSpan(0, PendingLength);

    /// <summary>Why the rest of its stream is left out (not pcapng as we can merge it), or null.</summary>
    public string? Failure { get; set; }

    /// <summary>Its packets that arrived later than the reordering window and were written out of time order.</summary>
    public long Late { get; set; }

    /// <summary>The newest packet timestamp seen, in nanoseconds since 1970.</summary>
    public ulong Newest { get; set; }

    /// <summary>Its stream has ended (the connection is over).</summary>
    public bool Ended { get; set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (PendingLength + chunk.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, PendingLength + chunk.Length));
        }

        chunk.CopyTo(_pending.AsSpan(PendingLength));
        PendingLength += chunk.Length;
    }

    /// <summary>Drops the first <paramref name="count"/> pending bytes (whole blocks that were handled).</summary>
    public void Consume(int count)
    {
        _pending.AsSpan(count, PendingLength - count).CopyTo(_pending);
        PendingLength -= count;
    }

    public MergedInterface? Interface(uint id) => id < (uint)Section.Count ? Section[(int)id] : null;
}
