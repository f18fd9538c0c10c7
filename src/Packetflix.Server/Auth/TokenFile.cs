using System.Security.Cryptography;
using System.Text;

namespace Packetflix.Server.Auth;

/// <summary>
/// The <c>--auth-token-file</c> format (docs/security.md): one token per line, optionally <c>name:token</c>, then
/// optionally <c>allow=RULE,...</c> attributes (the token's <see cref="TargetScope"/>), separated by spaces or tabs;
/// blank lines and lines starting with <c>#</c> are ignored. Only SHA-256 hashes are kept in memory.
/// </summary>
internal static class TokenFile
{
    /// <summary>A token shorter than this is guessable; <c>openssl rand -hex 32</c> gives 64 characters.</summary>
    public const int MinimumTokenLength = 16;

    private const int MaximumNameLength = 64;

    /// <summary>Reads and parses the file, refusing one that every local user can read.</summary>
    public static TokenFileResult Load(string path)
    {
        string text;
        try
        {
            // A file readable by "other" hands every token to every local user, which defeats --auth-on-loopback.
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                return TokenFileResult.Fail(
                    $"--auth-token-file {path} is readable or writable by every user (mode {ModeText(mode)}): chmod 600 (or 640) it");
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return TokenFileResult.Fail($"cannot read --auth-token-file {path}: {ex.Message}");
        }

        var result = Parse(text);
        return result.Succeeded || result.Error is null ? result : TokenFileResult.Fail($"--auth-token-file {path}: {result.Error}");
    }

    public static TokenFileResult Parse(string text)
    {
        var tokens = new List<TokenEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (lineNumber, fields) in ConfigLine.Read(text))
        {
            // The attributes are checked first, so that no error message ever quotes a token-like text.
            TargetScope? scope = null;
            if (fields.Length > 1)
            {
                if (!fields.Skip(1).All(f => f.StartsWith(TargetScope.Attribute, StringComparison.Ordinal)))
                {
                    return TokenFileResult.Fail($"line {lineNumber}: a token line is [name:]token [allow=RULE,...], without other spaces");
                }

                if (!TargetScope.TryParse(fields.Skip(1).Select(f => f[TargetScope.Attribute.Length..]), out scope, out var scopeError))
                {
                    return TokenFileResult.Fail($"line {lineNumber}: {scopeError}");
                }
            }

            var entry = fields[0];
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? null : entry[..colon];
            var token = colon < 0 ? entry : entry[(colon + 1)..];
            if (name is not null && !IsName(name))
            {
                return TokenFileResult.Fail($"line {lineNumber}: a token name is 1 to {MaximumNameLength} letters, digits, '.', '_', '-' or '@'");
            }

            // The token itself is never quoted in an error: the message goes to the terminal and the log.
            if (token.Length < MinimumTokenLength || !token.All(c => c is > ' ' and <= '~'))
            {
                return TokenFileResult.Fail(
                    $"line {lineNumber}: a token must be at least {MinimumTokenLength} printable ASCII characters (try: openssl rand -hex 32)");
            }

            if (!seen.Add(token))
            {
                return TokenFileResult.Fail($"line {lineNumber}: the same token appears twice");
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
            tokens.Add(new TokenEntry(name ?? "sha256:" + Convert.ToHexStringLower(hash)[..12], hash, scope));
        }

        return tokens.Count == 0 ? TokenFileResult.Fail("the file contains no tokens") : new TokenFileResult(tokens, null);
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= MaximumNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@');

    private static string ModeText(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
