namespace Packetflix.Server.Auth;

/// <summary>
/// One line of a line-based file of ours (<c>--auth-token-file</c>, <c>--tls-client-scopes</c>; docs/security.md):
/// its 1-based number for error messages, and its fields, separated by spaces or tabs. Blank lines and lines starting
/// with <c>#</c> are not lines of the file's content.
/// </summary>
internal readonly record struct ConfigLine(int Number, string[] Fields)
{
    private static readonly char[] Separators = [' ', '\t'];

    /// <summary>The content lines of <paramref name="text"/>, in order.</summary>
    public static IEnumerable<ConfigLine> Read(string text)
    {
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                yield return new ConfigLine(number, line.Split(Separators, StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }
}
