using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>
/// How a merge of several hosts names each host in its interface names (docs/clients.md, "Several hosts"): the host
/// name (<c>hostA</c>) when those differ, else host and port (<c>127.0.0.1:5001</c>, or <c>unix:/PATH</c>), else the
/// whole URL; the same service twice is refused.
/// </summary>
internal static class HostLabels
{
    public static IReadOnlyList<string> For(IReadOnlyList<HostUrl> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        IEnumerable<Func<HostUrl, string>> forms =
        [
            h => h.UnixSocketPath is { } path ? HostUrl.UnixPrefix + path : h.NodeName,
            h => h.UnixSocketPath is { } path ? HostUrl.UnixPrefix + path : h.BaseUri.Authority,
            h => h.ToString(),
        ];
        foreach (var form in forms)
        {
            var labels = hosts.Select(form).ToList();
            if (labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() == labels.Count)
            {
                return labels;
            }
        }

        var twice = hosts.GroupBy(h => h.ToString(), StringComparer.OrdinalIgnoreCase).First(g => g.Count() > 1).Key;
        throw new ClientException($"--host: {twice} is given twice");
    }
}
