using System.Diagnostics.CodeAnalysis;

namespace Packetflix.Server.Auth;

/// <summary>
/// Which targets a token may capture and see: the <c>allow=</c> rules of its token file line (docs/security.md,
/// "Per-token scopes"). A target is in scope when any rule matches it; a token without <c>allow=</c> has no scope
/// (null) and sees everything. Matched against what discovery reports, never against what a client sent.
/// </summary>
internal sealed class TargetScope
{
    public const string Attribute = "allow=";

    /// <summary>Bounds the work per target a hostile or careless token file can cause.</summary>
    public const int MaximumRules = 64;

    /// <summary>The target types discovery reports (docs/discovery.md, "Targets"), the keys of <c>ENGINE:GLOB</c>.
    /// <c>type:GLOB</c> takes any type.</summary>
    private static readonly string[] TargetTypes = ["docker", "podman", "containerd", "pod", "proc", "bindmount"];

    private TargetScope(IReadOnlyList<ScopeRule> rules) => Rules = rules;

    public IReadOnlyList<ScopeRule> Rules { get; }

    public bool Allows(string type, string prefix, string name, string? pod) => Rules.Any(r => r.Matches(type, prefix, name, pod));

    /// <summary>Parses the value of one or more <c>allow=</c> attributes (comma-separated rules each).</summary>
    public static bool TryParse(IEnumerable<string> values, [NotNullWhen(true)] out TargetScope? scope, [NotNullWhen(false)] out string? error)
    {
        scope = null;
        var rules = new List<ScopeRule>();
        foreach (var value in values)
        {
            foreach (var ruleText in value.Split(','))
            {
                var conditions = new List<ScopeCondition>();
                foreach (var conditionText in ruleText.Split('+'))
                {
                    if (!TryParseCondition(conditionText, out var condition, out error))
                    {
                        return false;
                    }

                    conditions.Add(condition);
                }

                rules.Add(new ScopeRule(conditions));
            }
        }

        if (rules.Count > MaximumRules)
        {
            error = $"at most {MaximumRules} allow= rules per token";
            return false;
        }

        scope = new TargetScope(rules);
        error = null;
        return true;
    }

    private static bool TryParseCondition(string text, [NotNullWhen(true)] out ScopeCondition? condition, [NotNullWhen(false)] out string? error)
    {
        condition = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"allow= rule \"{text}\" is not KEY:GLOB (type:, prefix:, name:, pod: or ENGINE:, e.g. docker:web*)";
            return false;
        }

        var key = text[..colon];
        var pattern = text[(colon + 1)..];
        if (!key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_'))
        {
            error = $"allow= key \"{key}\" must be lower-case letters, digits, '-', '.' or '_'";
            return false;
        }

        if (pattern.Any(c => char.IsControl(c) || c == '='))
        {
            error = $"allow= rule \"{key}:...\" has a control character or '=' in its pattern";
            return false;
        }

        condition = key switch
        {
            "type" => new ScopeCondition(ScopeField.Type, null, pattern),
            "prefix" => new ScopeCondition(ScopeField.Prefix, null, pattern),
            "name" => new ScopeCondition(ScopeField.Name, null, pattern),
            "pod" => new ScopeCondition(ScopeField.Pod, null, pattern),
            _ when TargetTypes.Contains(key) => new ScopeCondition(ScopeField.TypedName, key, pattern),
            _ => null,
        };
        if (condition is null)
        {
            // A misspelt key (nmae:web) would match nothing: refused, so the mistake shows at start, not as a 403 later.
            error = $"allow= key \"{key}\" is unknown: use type:, prefix:, name:, pod: or ENGINE: ({string.Join(", ", TargetTypes)})";
            return false;
        }

        error = null;
        return true;
    }

    public override string ToString() => string.Join(',', Rules);
}
