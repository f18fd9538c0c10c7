using System.Diagnostics.CodeAnalysis;

namespace Packetflix.Server.Auth;

/// <summary>The tokens of a token file, or why it cannot be used (one line, with the line number where it applies).</summary>
internal readonly record struct TokenFileResult(IReadOnlyList<TokenEntry>? Tokens, string? Error)
{
    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Tokens is not null;

    public static TokenFileResult Fail(string error) => new(null, error);
}
