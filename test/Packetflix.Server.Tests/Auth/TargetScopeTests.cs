using Packetflix.Server.Auth;

namespace Packetflix.Server.Tests.Auth;

public sealed class TargetScopeTests
{
    private const string Token = "0123456789abcdef0123";

    private static TargetScope Scope(string line)
    {
        var result = TokenFile.Parse($"t:{Token} {line}\n");
        Assert.True(result.Succeeded, result.Error);
        return Assert.IsType<TargetScope>(result.Tokens[0].Scope);
    }

    [Fact]
    public void Parse_NoAllow_NoScope()
    {
        var result = TokenFile.Parse($"t:{Token}\n");
        Assert.True(result.Succeeded);
        Assert.Null(result.Tokens[0].Scope);
    }

    [Theory]
    [InlineData("allow=docker:web*", "docker", "", "web1", null, true)]
    [InlineData("allow=docker:web*", "podman", "", "web1", null, false)]
    [InlineData("allow=docker:web*", "docker", "", "db", null, false)]
    [InlineData("allow=type:podman", "podman", "", "anything", null, true)]
    [InlineData("allow=prefix:lab1", "docker", "lab1", "x", null, true)]
    [InlineData("allow=prefix:lab1", "docker", "", "x", null, false)]
    [InlineData("allow=pod:prod/*", "containerd", "", "app", "prod/shop-7f9", true)]
    [InlineData("allow=pod:prod/*", "pod", "", "prod/shop-7f9", null, true)]
    [InlineData("allow=pod:prod/*", "containerd", "", "app", "dev/shop", false)]
    [InlineData("allow=pod:prod/*", "docker", "", "prod/x", null, false)]
    [InlineData("allow=name:db?", "podman", "", "db1", null, true)]
    [InlineData("allow=prefix:lab1+docker:web*", "docker", "lab1", "web2", null, true)]
    [InlineData("allow=prefix:lab1+docker:web*", "docker", "", "web2", null, false)]
    [InlineData("allow=docker:web*,type:podman", "podman", "", "db", null, true)]
    [InlineData("allow=docker:web* allow=type:podman", "podman", "", "db", null, true)]
    public void Allows_Rules_MatchDocumentedFields(string allow, string type, string prefix, string name, string? pod, bool expected)
    {
        Assert.Equal(expected, Scope(allow).Allows(type, prefix, name, pod));
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("web?", "web", false)]
    [InlineData("Web*", "web1", false)]
    [InlineData("**********x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Glob_Patterns_ShellSemantics(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(pattern, text));
    }

    [Theory]
    [InlineData("allow=web*", "line 1: allow= rule \"web*\" is not KEY:GLOB")]
    [InlineData("allow=Docker:web", "line 1: allow= key \"Docker\"")]
    [InlineData("deny=docker:web", "line 1: a token line is [name:]token [allow=RULE,...]")]
    [InlineData("allow=nmae:web", "line 1: allow= key \"nmae\" is unknown: use type:, prefix:, name:, pod: or ENGINE: (docker, podman, containerd, pod, proc, bindmount)")]
    public void Parse_BadScope_ErrorWithLineAndNoSecret(string attributes, string expected)
    {
        var result = TokenFile.Parse($"t:{Token} {attributes}\n");
        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Error, StringComparison.Ordinal);
    }
}
