namespace Packetflix.Server.Auth;

/// <summary>Conditions joined by <c>+</c>: a target matches the rule when it matches every one of them.</summary>
internal sealed record ScopeRule(IReadOnlyList<ScopeCondition> Conditions)
{
    public bool Matches(string type, string prefix, string name, string? pod) => Conditions.All(c => c.Matches(type, prefix, name, pod));

    public override string ToString() => string.Join('+', Conditions);
}
