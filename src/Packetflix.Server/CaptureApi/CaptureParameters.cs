using Packetflix.Capture;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// The raw capture parameters of one request: query values, overridden by the <c>Clustershark-*</c> headers
/// that exist because the Kubernetes API server's pod proxy drops the query of WebSocket upgrades
/// (docs/protocol.md §5). Values stay strings here; <see cref="TargetResolver"/> validates them.
/// </summary>
internal sealed record CaptureParameters
{
    public string? Container { get; init; }

    public string? Netns { get; init; }

    public string? Nif { get; init; }

    public string? Filter { get; init; }

    public bool Chaste { get; init; }

    public string? SnapLength { get; init; }

    /// <summary>Ours: a JSON array of targets for one multi-target capture (docs/api.md, "Several targets").</summary>
    public string? Targets { get; init; }

    /// <summary>Ours: <c>partial=1</c> starts a multi-target capture with the targets that resolve.</summary>
    public bool Partial { get; init; }

    /// <summary>Ours: <c>exclude-own=0</c> captures our own stream connections like any other traffic
    /// (docs/architecture.md, "Our own traffic").</summary>
    public bool ExcludeOwn { get; init; } = true;

    /// <summary>The TCP connection the request came on, or null (a unix socket).</summary>
    public OwnConnection? Connection { get; init; }

    /// <summary>True when the request names several targets (<c>targets</c>, or <c>netns=a,b</c>).</summary>
    public bool IsMultiTarget => Targets is not null || Netns?.Contains(',', StringComparison.Ordinal) == true;

    public static CaptureParameters From(HttpRequest request)
    {
        var query = request.Query;
        var headers = request.Headers;
        return new CaptureParameters
        {
            Container = Header(headers, "Clustershark-Container") ?? First(query, "container"),
            Netns = First(query, "netns"),
            Nif = Header(headers, "Clustershark-Nif") ?? First(query, "nif"),
            Filter = Header(headers, "Clustershark-Filter") ?? First(query, "filter"),
            // Presence is what counts: a bare ?chaste or chaste= asks for no promiscuous mode.
            Chaste = query.ContainsKey("chaste") || headers.ContainsKey("Clustershark-Chaste"),
            SnapLength = Header(headers, "Clustershark-Snaplen") ?? First(query, "snaplen"),
            Targets = Header(headers, "Clustershark-Targets") ?? First(query, "targets"),
            Partial = (Header(headers, "Clustershark-Partial") ?? First(query, "partial")) is "1" or "true",
            ExcludeOwn = (Header(headers, "Clustershark-Exclude-Own") ?? First(query, "exclude-own")) is not ("0" or "false"),
            Connection = request.HttpContext.Connection is { LocalIpAddress: { } local, RemoteIpAddress: { } remote } c
                ? new OwnConnection(local, c.LocalPort, remote, c.RemotePort)
                : null,
        };
    }

    /// <summary>Go's url.Values.Get: the first of repeated values.</summary>
    private static string? First(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;

    private static string? Header(IHeaderDictionary headers, string name)
    {
        var value = headers[name].ToString();
        return value.Length == 0 ? null : value;
    }
}
