namespace Packetflix.Server.Auth;

/// <summary>Shell-style wildcards as in glob(7), without brackets: <c>*</c> matches any run of characters (also
/// '/'), <c>?</c> exactly one. Ordinal and case-sensitive, as engines compare container names.</summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string text)
    {
        // Iterative with one back-tracking point: linear in practice, no recursion a hostile pattern could blow up.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
