namespace Packetflix.Server.Auth;

/// <summary>One <c>key:glob</c> of a scope rule (docs/security.md, "Per-token scopes").</summary>
/// <param name="Field">What the glob is matched against.</param>
/// <param name="Type">For <see cref="ScopeField.TypedName"/>: the engine type, compared exactly; else null.</param>
/// <param name="Pattern">The glob (<c>*</c> any run of characters, <c>?</c> one character; case-sensitive).</param>
internal sealed record ScopeCondition(ScopeField Field, string? Type, string Pattern)
{
    public bool Matches(string type, string prefix, string name, string? pod) => Field switch
    {
        ScopeField.Type => Glob.IsMatch(Pattern, type),
        ScopeField.Prefix => Glob.IsMatch(Pattern, prefix),
        ScopeField.Name => Glob.IsMatch(Pattern, name),
        ScopeField.Pod => (pod ?? (type == "pod" ? name : null)) is { } p && Glob.IsMatch(Pattern, p),
        _ => type == Type && Glob.IsMatch(Pattern, name),
    };

    public override string ToString() => Field switch
    {
        ScopeField.TypedName => $"{Type}:{Pattern}",
        _ => $"{Field.ToString().ToLowerInvariant()}:{Pattern}",
    };
}
