using Packetflix.Server.Auth;

namespace Packetflix.Server.Tests.Auth;

public sealed class TokenFileTests
{
    private const string TokenA = "0123456789abcdef0123";
    private const string TokenB = "fedcba9876543210fedc";

    [Fact]
    public void Parse_NamesCommentsAndBlankLines_NamedAndHashedEntries()
    {
        var result = TokenFile.Parse($"# ops\n\nalice:{TokenA}\r\n  {TokenB}  \n");
        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Tokens.Count);
        Assert.Equal("alice", result.Tokens[0].Name);
        Assert.StartsWith("sha256:", result.Tokens[1].Name, StringComparison.Ordinal);
        Assert.Equal(32, result.Tokens[0].Hash.Length);
    }

    [Theory]
    [InlineData("", "no tokens")]
    [InlineData("# only a comment\n", "no tokens")]
    [InlineData("alice:short", "line 1: a token must be at least 16")]
    [InlineData("bad name:0123456789abcdef0123", "line 1: a token line is [name:]token")]
    [InlineData("b/d:0123456789abcdef0123", "line 1: a token name is")]
    [InlineData("a:0123456789abcdef0123\nb:0123456789abcdef0123", "line 2: the same token appears twice")]
    [InlineData("# ops\n\n  \t\nalice:short\n", "line 4: a token must be at least 16")]
    public void Parse_BadFile_ErrorWithLineAndNoSecret(string text, string expected)
    {
        var result = TokenFile.Parse(text);
        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WorldReadable_Refused()
    {
        using var dir = new Packetflix.Tests.Common.TempDirectory();
        var path = dir.File("tokens");
        File.WriteAllText(path, $"a:{TokenA}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var result = TokenFile.Load(path);
        Assert.False(result.Succeeded);
        Assert.Contains("chmod 600", result.Error, StringComparison.Ordinal);
    }
}
