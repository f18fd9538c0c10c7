using System.Text;

namespace Packetflix.Extcap.Client;

/// <summary>Go's <c>url.QueryEscape</c> and <c>url.Values.Encode</c>, so our requests look like csharg's (docs/protocol.md §12).</summary>
internal static class GoQuery
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Escapes like Go: unreserved characters stay, a space becomes <c>+</c>, everything else is <c>%XX</c>.</summary>
    public static string Escape(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var text = new StringBuilder(bytes.Length * 3 / 2);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                text.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                text.Append('+');
            }
            else
            {
                text.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return text.ToString();
    }

    /// <summary>Undoes <see cref="Escape"/> (and any other percent-encoding); <c>+</c> is a space.</summary>
    public static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    /// <summary>Encodes the pairs sorted by key, as Go's <c>url.Values.Encode</c> does.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Join('&', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => Escape(v.Key) + "=" + Escape(v.Value)));

    /// <summary>Parses a query string; for a repeated key the first value wins, as Go's <c>Query().Get</c>.</summary>
    public static Dictionary<string, string> Parse(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? string.Empty : Unescape(part[(eq + 1)..]);
            result.TryAdd(key, value);
        }

        return result;
    }
}
