using System.Globalization;
using Packetflix.Core.Targets;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>
/// Finds the target a person means by <c>name</c>, <c>prefix:name</c> or a netns inode, with helpful errors: closest names
/// for an unknown one, the candidates for an ambiguous one.
/// </summary>
internal static class TargetMatcher
{
    /// <summary>The service's limit of targets per request (docs/api.md).</summary>
    public const int MaxTargets = 32;

    public static string Display(CaptureTarget target) => target.Prefix.Length > 0 ? $"{target.Prefix}:{target.Name}" : target.Name;

    /// <summary>Returns the matching target, or null when <paramref name="query"/> is a netns inode no target has.</summary>
    public static CaptureTarget? Match(string query, IReadOnlyList<CaptureTarget> targets)
    {
        if (long.TryParse(query, NumberStyles.None, CultureInfo.InvariantCulture, out var inode) && inode > 0)
        {
            return targets.FirstOrDefault(t => t.Netns == inode);
        }

        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var byDisplay = targets.Where(t => string.Equals(Display(t), query, comparison)).ToList();
            if (byDisplay.Count == 1)
            {
                return byDisplay[0];
            }

            var candidates = byDisplay.Count > 1 ? byDisplay : targets.Where(t => string.Equals(t.Name, query, comparison)).ToList();
            if (candidates.Count == 1)
            {
                return candidates[0];
            }

            if (candidates.Count > 1)
            {
                throw new ClientException($"\"{query}\" is ambiguous; it matches:\n"
                    + string.Join('\n', candidates.Select(c => $"  {Display(c)}  ({c.Type}, netns {c.Netns})"))
                    + "\nname one as prefix:name or by its netns inode");
            }
        }

        var suggestions = Suggest(query, targets.Select(Display).Distinct());
        throw new ClientException(suggestions.Count == 0
            ? $"no container, pod or process named \"{query}\" (packetflix ls lists them)"
            : $"no container, pod or process named \"{query}\"; did you mean: {string.Join(", ", suggestions)}?");
    }

    /// <summary>Up to three names closest to <paramref name="query"/> by edit distance, or containing it.</summary>
    public static IReadOnlyList<string> Suggest(string query, IEnumerable<string> names)
    {
        var limit = Math.Max(2, query.Length / 3);
        return names
            .Select(n => (Name: n, Distance: Distance(query.ToUpperInvariant(), n.ToUpperInvariant())))
            .Where(n => n.Distance <= limit || n.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n.Distance).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Take(3).Select(n => n.Name).ToList();
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
