using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Wireshark;

/// <summary>
/// A <c>packetflix:ws://host:port/capture?container=…&amp;nif=…</c> hand-off URL, taken apart as cshargextcap does
/// (docs/protocol.md §14).
/// </summary>
internal sealed record PacketflixUrl(HostUrl Host, string? Container, string? Nif, string? Filter, bool NoPromiscuous)
{
    /// <summary>Ours: a multi-target link's <c>targets</c> (a JSON array of Target objects, docs/api.md "Several
    /// targets"); null for upstream's one-container links.</summary>
    public string? Targets { get; init; }

    public static bool TryParse(string? text, out PacketflixUrl? url, out string error)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "missing packetflix URL (--url)";
            return false;
        }

        var rest = text.Trim();
        if (rest.StartsWith("packetflix:", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["packetflix:".Length..];
        }

        if (!rest.StartsWith("ws:", StringComparison.OrdinalIgnoreCase) && !rest.StartsWith("wss:", StringComparison.OrdinalIgnoreCase))
        {
            rest = "wss:" + rest;
        }

        if (!Uri.TryCreate(rest, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"invalid packetflix URL \"{text}\"";
            return false;
        }

        var path = uri.AbsolutePath;
        if (path.EndsWith("/capture", StringComparison.Ordinal))
        {
            path = path[..^"/capture".Length];
        }

        var scheme = uri.Scheme == "ws" ? "http" : "https";
        var hostText = new UriBuilder(scheme, uri.Host, uri.Port, path.Length == 0 ? "/" : path).Uri.ToString();
        if (!HostUrl.TryParse(hostText, out var host, out error))
        {
            return false;
        }

        var query = GoQuery.Parse(uri.Query);
        url = new PacketflixUrl(host!, query.GetValueOrDefault("container"), query.GetValueOrDefault("nif"),
            query.GetValueOrDefault("filter"), query.ContainsKey("chaste"))
        {
            Targets = query.GetValueOrDefault("targets"),
        };
        error = string.Empty;
        return true;
    }
}
