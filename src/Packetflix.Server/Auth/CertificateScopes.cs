using System.Text;

namespace Packetflix.Server.Auth;

/// <summary>
/// The <c>--tls-client-scopes</c> file (docs/security.md, "Scopes for client certificates"): which targets a caller
/// identified by a client certificate may capture and see. One line per certificate name (its CN, as the audit log
/// shows it), then one or more <c>allow=RULE,...</c> attributes with the token file's rules; blank lines and <c>#</c>
/// comments are ignored. A certificate whose name is not listed has no scope (every target), as a token without
/// <c>allow=</c>. Read once at start.
/// </summary>
internal static class CertificateScopes
{
    public static (IReadOnlyDictionary<string, TargetScope>? Scopes, string? Error) Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read --tls-client-scopes {path}: {ex.Message}");
        }

        var (scopes, error) = Parse(text);
        return error is null ? (scopes, null) : (null, $"--tls-client-scopes {path}: {error}");
    }

    public static (IReadOnlyDictionary<string, TargetScope>? Scopes, string? Error) Parse(string text)
    {
        var scopes = new Dictionary<string, TargetScope>(StringComparer.Ordinal);
        foreach (var (lineNumber, fields) in ConfigLine.Read(text))
        {
            // A CN may contain spaces ("Jane Doe"): the name is what comes before the first allow= field.
            var first = Array.FindIndex(fields, f => f.StartsWith(TargetScope.Attribute, StringComparison.Ordinal));
            if (first <= 0 || fields.Skip(first).Any(f => !f.StartsWith(TargetScope.Attribute, StringComparison.Ordinal)))
            {
                return (null, $"line {lineNumber}: a line is NAME allow=RULE,... (NAME: the certificate's CN)");
            }

            var name = string.Join(' ', fields.Take(first));
            if (!TargetScope.TryParse(fields.Skip(first).Select(f => f[TargetScope.Attribute.Length..]), out var scope, out var scopeError))
            {
                return (null, $"line {lineNumber}: {scopeError}");
            }

            if (!scopes.TryAdd(name, scope))
            {
                return (null, $"line {lineNumber}: \"{name}\" is listed twice");
            }
        }

        return (scopes, null);
    }
}
