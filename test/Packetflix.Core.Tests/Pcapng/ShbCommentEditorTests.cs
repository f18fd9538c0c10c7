using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

public sealed class ShbCommentEditorTests
{
    private static readonly CaptureTargetComment Target = new("web", "docker", "node1");

    private static readonly string Yaml = Target.ToYaml();

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("ABC", "ABC\n")]
    [InlineData("ABC\n", "ABC\n")]
    [InlineData("---\n# capture target information\ncontainer-name: old\n", "")]
    [InlineData("ABC\n---\n# capture target information\ncontainer-name: old\n", "ABC\n")]
    [InlineData("ABC\n---\n# capture target information\nx: 1\n---", "ABC\n\n---\n")]
    [InlineData("ABC\n---\n# capture target information\nx: 1\n---\nnext: 2", "ABC\n\n---\nnext: 2\n")]
    [InlineData("ABC\n---\n# capture target information\nx: 1\n----\ny: 2", "ABC\n")]
    [InlineData("ABC---\n# capture target information\nx: 1\n", "ABC---\n# capture target information\nx: 1\n")]
    public void ReplaceTargetInformation_Comment_KeepsOnlyForeignText(string? existing, string expectedPrefix)
    {
        Assert.Equal(expectedPrefix + Yaml, ShbCommentEditor.ReplaceTargetInformation(existing, Target));
    }

    [Fact]
    public void ReplaceTargetInformation_AppliedTwice_IsStable()
    {
        var once = ShbCommentEditor.ReplaceTargetInformation("dumpcap", Target);

        Assert.Equal(once, ShbCommentEditor.ReplaceTargetInformation(once, Target));
    }
}
