using Packetflix.Core.Pcapng;
using Packetflix.Core.Targets;

namespace Packetflix.Extcap.Client;

/// <summary>What to capture: either a target description or a bare netns inode, plus the capture options.</summary>
internal sealed record CaptureRequest
{
    public CaptureTarget? Target { get; init; }

    /// <summary>Several targets for one multi-target capture (docs/api.md, "Several targets"); null for one.</summary>
    public IReadOnlyList<CaptureTarget>? Targets { get; init; }

    private CaptureTarget? First => IsMulti ? Targets![0] : Target;

    private bool IsMulti => Targets is { Count: > 1 } || (AsTargetList && Targets is { Count: > 0 });

    /// <summary>Send <see cref="Targets"/> as a <c>targets</c> list even when it holds one, so that every IDB is named
    /// <c>&lt;label&gt;/&lt;nif&gt;</c> (docs/api.md, "Several targets"): a merge of several hosts prefixes those names.</summary>
    public bool AsTargetList { get; init; }

    /// <summary><c>partial=1</c>: the service starts with the targets that resolve and lists the rest in the SHB comment.</summary>
    public bool Partial { get; init; }

    /// <summary>The targets as sent: with <see cref="Interfaces"/> given they replace each target's own list.</summary>
    private IEnumerable<CaptureTarget> SentTargets => (Targets ?? []).Select(t =>
    {
        if (Interfaces.Count == 0)
        {
            return t;
        }

        if (!CaptureTargetJson.TryParse(CaptureTargetJson.Serialize(t), out var copy, out _))
        {
            return t;
        }

        copy.NetworkInterfaces = [.. Interfaces];
        return copy;
    });

    /// <summary>The request for selected targets: one target as a single-target request (a bare netns inode as
    /// <c>netns=</c>), several as one multi-target request.</summary>
    public static CaptureRequest For(IReadOnlyList<CaptureTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return targets switch
        {
            [{ Name.Length: 0, Type.Length: 0 } bare] => new CaptureRequest { Netns = bare.Netns },
            [var one] => new CaptureRequest { Target = one },
            _ => new CaptureRequest { Targets = targets },
        };
    }

    /// <summary>Network-namespace inode for "feel lucky" captures without a target description.</summary>
    public long Netns { get; init; }

    /// <summary>Interface names; empty means the target's own list.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    public string? Filter { get; init; }

    public bool NoPromiscuous { get; init; }

    public int? SnapLength { get; init; }

    /// <summary>
    /// The <c>nif</c> value: the requested list, else the target's list, joined by <c>/</c>. Where csharg falls back to
    /// <c>all</c> (which no capture tool understands), we send <c>any</c> (docs/clients.md).
    /// </summary>
    public string NifValue
    {
        get
        {
            if (Interfaces.Count > 0)
            {
                return string.Join('/', Interfaces);
            }

            return Target?.NetworkInterfaces is { Count: > 0 } own ? string.Join('/', own) : "any";
        }
    }

    /// <summary>Query and header values in csharg's form (docs/protocol.md §12): the header copy survives API-server proxies.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryValues()
    {
        var values = new List<KeyValuePair<string, string>>();
        if (IsMulti)
        {
            // Each target carries its interfaces; one filter, chaste and snaplen apply to all.
            values.Add(new("targets", CaptureTargetJson.SerializeArray(SentTargets)));
        }
        else if (Target is not null)
        {
            values.Add(new("container", CaptureTargetJson.Serialize(Target)));
        }
        else
        {
            values.Add(new("netns", Netns.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (!IsMulti)
        {
            values.Add(new("nif", NifValue));
        }

        if (!string.IsNullOrEmpty(Filter))
        {
            values.Add(new("filter", Filter));
        }

        if (NoPromiscuous)
        {
            values.Add(new("chaste", string.Empty));
        }

        if (SnapLength is { } snap)
        {
            values.Add(new("snaplen", snap.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (Partial)
        {
            values.Add(new("partial", "1"));
        }

        return values;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Headers()
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in QueryValues())
        {
            var name = key switch
            {
                "container" => "Clustershark-Container",
                "targets" => "Clustershark-Targets",
                "nif" => "Clustershark-Nif",
                "filter" => "Clustershark-Filter",
                "chaste" => "Clustershark-Chaste",
                "snaplen" => "Clustershark-Snaplen",
                "partial" => "Clustershark-Partial",
                _ => null,
            };
            if (name is not null)
            {
                headers.Add(new(name, HeaderValue(value)));
            }
        }

        return headers;
    }

    /// <summary>A header value cannot hold control characters (RFC 9110 §5.5), and a filter pasted over several lines
    /// has them: they become spaces, which pcap-filter(7) reads the same way. The query keeps the exact text.</summary>
    private static string HeaderValue(string value) =>
        value.Any(char.IsControl) ? string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c)) : value;

    /// <summary>The SHB comment with the client's view of the target (docs/protocol.md §15): node name = the service host.</summary>
    public CaptureTargetComment Comment(string nodeName) =>
        new(First?.Name ?? string.Empty, First?.Type ?? string.Empty, nodeName)
        {
            ClusterUid = First?.Cluster?.Uid is { Length: > 0 } uid ? uid : null,
            CaptureFilter = string.IsNullOrEmpty(Filter) ? null : Filter,
            NoPromiscuousMode = NoPromiscuous,
            // The client rewrites the SHB comment as csharg does; several targets keep their list in it.
            Targets = IsMulti
                ? [.. SentTargets.Select(t => new CaptureTargetEntry(t.Name, t.Type, t.Prefix, (ulong)Math.Max(0, t.Netns),
                    t.NetworkInterfaces ?? []))]
                : null,
        };
}
