using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

public sealed class CaptureTargetCommentTests
{
    private const string Marker = "---\n# capture target information\n";

    [Fact]
    public void ToYaml_AllFields_MatchesYamlV3Document()
    {
        var target = new CaptureTargetComment("default/nginx", "pod", "worker-1")
        {
            ClusterUid = "1f0b6a1e-8c1b-4c43-9d5e-0c7a1d2f0e11",
            CaptureFilter = "tcp port 80",
            NoPromiscuousMode = true,
        };

        Assert.Equal(
            Marker + "container-name: default/nginx\ncontainer-type: pod\nnode-name: worker-1\n"
            + "cluster:\n    uid: 1f0b6a1e-8c1b-4c43-9d5e-0c7a1d2f0e11\n"
            + "capture-filter: tcp port 80\nno-promiscuous-mode: true\n",
            target.ToYaml());
    }

    [Fact]
    public void ToYaml_EmptyStrings_AreDoubleQuotedAndOptionalKeysOmitted()
    {
        var target = new CaptureTargetComment(string.Empty, string.Empty, string.Empty) { CaptureFilter = string.Empty };

        Assert.Equal(Marker + "container-name: \"\"\ncontainer-type: \"\"\nnode-name: \"\"\n", target.ToYaml());
    }

    [Fact]
    public void ToYaml_EmptyClusterUid_WritesEmptyMappingLikeOmitempty()
    {
        var target = new CaptureTargetComment("a", "b", "c") { ClusterUid = string.Empty };

        Assert.EndsWith("node-name: c\ncluster: {}\n", target.ToYaml(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx", "nginx")]
    [InlineData("systemd(1)", "systemd(1)")]
    [InlineData("a:b", "a:b")]
    [InlineData("a#b", "a#b")]
    [InlineData("kind-control-plane/docker", "kind-control-plane/docker")]
    [InlineData("true", "\"true\"")]
    [InlineData("False", "\"False\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("off", "\"off\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("-42", "\"-42\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData(".5", "\".5\"")]
    [InlineData("1e3", "\"1e3\"")]
    [InlineData(".inf", "\".inf\"")]
    [InlineData("1:30", "\"1:30\"")]
    [InlineData("2024-01-02", "\"2024-01-02\"")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("-", "'-'")]
    [InlineData("- x", "'- x'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData("#x", "'#x'")]
    [InlineData("*x", "'*x'")]
    [InlineData("'q'", "'''q'''")]
    [InlineData("\"q\"", "'\"q\"'")]
    [InlineData(" lead", "' lead'")]
    [InlineData("trail ", "'trail '")]
    [InlineData("---", "'---'")]
    [InlineData("a\tb", "\"a\\tb\"")]
    [InlineData("bell\a", "\"bell\\a\"")]
    [InlineData("back\\slash", "back\\slash")]
    [InlineData("grüezi", "grüezi")]
    [InlineData("emoji😀", "\"emoji\\U0001F600\"")]
    [InlineData("two\nlines", "|-\n    two\n    lines")]
    [InlineData("trail\n", "|\n    trail")]
    [InlineData("host port 80 \nand tcp", "\"host port 80 \\nand tcp\"")]
    public void ToYaml_CaptureFilter_IsQuotedLikeYamlV3(string value, string expected)
    {
        var target = new CaptureTargetComment("n", "t", "h") { CaptureFilter = value };

        Assert.EndsWith("\ncapture-filter: " + expected + "\n", target.ToYaml(), StringComparison.Ordinal);
    }
}
