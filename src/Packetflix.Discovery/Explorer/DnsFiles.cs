namespace Packetflix.Discovery.Explorer;

/// <summary>Parsers for hosts(5) and resolv.conf(5); comments and garbage are skipped.</summary>
internal static class DnsFiles
{
    public static List<(string Address, List<string> Names)> ParseHosts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<(string, List<string>)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw);
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                result.Add((fields[0], [.. fields[1..]]));
            }
        }

        return result;
    }

    public static (List<string> Nameservers, List<string> Search) ParseResolvConf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nameservers = new List<string>();
        var search = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var fields = StripComment(raw).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            switch (fields[0])
            {
                case "nameserver":
                    nameservers.Add(fields[1]);
                    break;

                // The last search (or domain) line wins, as the resolver reads it.
                case "search" or "domain":
                    search = [.. fields[1..]];
                    break;
                default:
                    break;
            }
        }

        return (nameservers, search);
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOfAny(['#', ';']);
        return (hash < 0 ? line : line[..hash]).Trim();
    }
}
