using System.Buffers;
using System.Text;
using Packetflix.Core.Pcapng;

namespace Packetflix.Core.Tests.Pcapng;

/// <summary>Ports of csharg pcapng/pcapng_test.go, in both byte orders, plus streaming edge cases.</summary>
public sealed class ShbStreamEditorTests
{
    private const string EmptyTargetYaml =
        "---\n# capture target information\ncontainer-name: \"\"\ncontainer-type: \"\"\nnode-name: \"\"\n";

    private static readonly byte[] Overspill = [0x01, 0x02, 0x03, 0x04, 0x05];

    private static readonly CaptureTargetComment EmptyTarget = new(string.Empty, string.Empty, string.Empty);

    [Fact]
    public void Process_EmptyLittleEndianShb_AddsCommentAsOnlyOption()
    {
        var input = Convert.FromHexString("0A0D0D0A" + "1C000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "1C000000");

        var output = Edit(EmptyTarget, input);

        var expected = Convert.FromHexString("0A0D0D0A" + "78000000" + "4D3C2B1A" + "0100" + "0000" + "FFFFFFFFFFFFFFFF" + "0100" + "5500")
            .Concat(Encoding.UTF8.GetBytes(EmptyTargetYaml)).Concat(new byte[3])
            .Concat(Convert.FromHexString("78000000"));
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Process_EmptyBigEndianShbWithOverspill_MatchesCshargFixture()
    {
        byte[] input = [.. Convert.FromHexString("0A0D0D0A" + "0000001C" + "1A2B3C4D" + "0001" + "0000" + "FFFFFFFFFFFFFFFF" + "0000001C"), .. Overspill];

        var output = Edit(EmptyTarget, input);

        byte[] expected =
        [
            .. Convert.FromHexString("0A0D0D0A" + "00000078" + "1A2B3C4D" + "0001" + "0000" + "FFFFFFFFFFFFFFFF" + "0001" + "0055"),
            .. Encoding.UTF8.GetBytes(EmptyTargetYaml), 0, 0, 0,
            .. Convert.FromHexString("00000078"), .. Overspill,
        ];
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Process_ExistingPlainComment_AppendsAfterNewline(bool bigEndian)
    {
        var input = Shb(bigEndian, (1, "ABC"u8.ToArray())).Concat(Overspill).ToArray();

        var output = Edit(EmptyTarget, input);

        Assert.Equal(Shb(bigEndian, (1, Encoding.UTF8.GetBytes("ABC\n" + EmptyTargetYaml))).Concat(Overspill), output);
        Assert.Equal(0x7C, output[bigEndian ? 7 : 4]);
    }

    [Fact]
    public void Process_ExistingTargetYaml_ReplacesItLikeCsharg()
    {
        // csharg fixture "replacing target data": "ABC\n" + marker + padding.
        var input = Shb(true, (1, Encoding.UTF8.GetBytes("ABC\n---\n# capture target information\n"))).Concat(Overspill).ToArray();
        Assert.Equal(0x48, input[7]);

        var output = Edit(EmptyTarget, input);

        Assert.Equal(Shb(true, (1, Encoding.UTF8.GetBytes("ABC\n" + EmptyTargetYaml))).Concat(Overspill), output);
    }

    [Fact]
    public void Process_TargetYamlFollowedByAnotherDocument_KeepsTheOtherDocument()
    {
        const string Old = "intro\n---\n# capture target information\ncontainer-name: old\n---\nother: doc\n";
        var target = new CaptureTargetComment("web", "docker", "node1");

        var output = Edit(target, Shb(false, (1, Encoding.UTF8.GetBytes(Old))));

        var comment = ((SectionHeaderBlock)PcapngReader.ReadAll(output)[0]).Comment;
        Assert.Equal(
            "intro\n\n---\nother: doc\n---\n# capture target information\ncontainer-name: web\ncontainer-type: docker\nnode-name: node1\n",
            comment);
    }

    [Fact]
    public void Process_OtherOptions_KeptInOrderAfterNewCommentWithoutEndOfOptions()
    {
        var input = Shb(
            false,
            (2, "hw"u8.ToArray()),
            (1, "first"u8.ToArray()),
            (3, "Linux"u8.ToArray()),
            (1, "second"u8.ToArray()),
            (0, []));

        var output = Edit(EmptyTarget, input);

        var expected = Shb(
            false,
            (1, Encoding.UTF8.GetBytes("first\n" + EmptyTargetYaml)),
            (2, "hw"u8.ToArray()),
            (3, "Linux"u8.ToArray()),
            (1, "second"u8.ToArray()));
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Process_OneByteAtATime_SameOutputAndNothingBeforeShbComplete()
    {
        byte[] input = [.. Shb(true, (1, "ABC"u8.ToArray()), (4, "dumpcap"u8.ToArray())), .. Overspill, .. Overspill];
        var expected = Edit(EmptyTarget, input);
        var editor = new ShbStreamEditor(EmptyTarget);
        var output = new ArrayBufferWriter<byte>();

        for (var i = 0; i < input.Length; i++)
        {
            editor.Process(input.AsSpan(i, 1), output);
            var shbLength = input[7];
            Assert.Equal(i + 1 >= shbLength, editor.HeaderDone);
            if (i + 1 < shbLength)
            {
                Assert.Equal(0, output.WrittenCount);
            }
        }

        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Process_NotPcapng_PassesThroughUnchanged()
    {
        var input = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var editor = new ShbStreamEditor(EmptyTarget);
        var output = new ArrayBufferWriter<byte>();

        editor.Process(input.AsSpan(0, 5), output);
        Assert.False(editor.HeaderDone);
        editor.Process(input.AsSpan(5, 10), output);
        Assert.True(editor.HeaderDone);
        editor.Process(input.AsSpan(15), output);

        Assert.Equal(input, output.WrittenSpan.ToArray());
    }

    [Fact(Timeout = 30000)]
    public async Task Process_WriterOutput_TsharkReadsEditedComment()
    {
        var capture = new ArrayBufferWriter<byte>();
        PcapngBlockWriter.WriteSectionHeader(capture, "dumpcap comment", os: "Linux", userApplication: "Dumpcap");
        PcapngBlockWriter.WriteInterfaceDescription(capture, 1, 262144, "eth0");
        PcapngBlockWriter.WriteEnhancedPacket(capture, 0, 1_000_000_000, new byte[60], 60);
        var target = new CaptureTargetComment("web", "docker", "node1") { CaptureFilter = "tcp port 80", NoPromiscuousMode = true };

        var output = Edit(target, capture.WrittenSpan.ToArray());

        var shb = Assert.IsType<SectionHeaderBlock>(PcapngReader.ReadAll(output)[0]);
        Assert.Equal("dumpcap comment\n" + target.ToYaml(), shb.Comment);
        Assert.Equal([1, 3, 4], shb.Options.Select(o => (int)o.Code));
        using var temp = new TestTempDirectory();
        var file = temp.File("edited.pcapng");
        await File.WriteAllBytesAsync(file, output, TestContext.Current.CancellationToken);
        var lines = await Tshark.ReadFieldsAsync(file, TestContext.Current.CancellationToken, "frame.interface_name", "frame.len");
        Assert.Equal(["eth0\t60"], lines);
    }

    private static byte[] Edit(CaptureTargetComment target, byte[] input)
    {
        var editor = new ShbStreamEditor(target);
        var output = new ArrayBufferWriter<byte>();
        editor.Process(input, output);
        Assert.True(editor.HeaderDone);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Builds an SHB v1.0 with section length -1 and the given options, each padded to 32 bits.</summary>
    private static byte[] Shb(bool bigEndian, params (ushort Code, byte[] Value)[] options)
    {
        var body = new List<byte>();
        foreach (var (code, value) in options)
        {
            body.AddRange(U16(code));
            body.AddRange(U16((ushort)value.Length));
            body.AddRange(value);
            body.AddRange(new byte[((value.Length + 3) & ~3) - value.Length]);
        }

        var total = (uint)(28 + body.Count);
        byte[] result =
        [
            0x0A, 0x0D, 0x0D, 0x0A, .. U32(total), .. U32(0x1A2B3C4D), .. U16(1), .. U16(0),
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. body, .. U32(total),
        ];
        return result;

        byte[] U16(ushort v) => bigEndian ? [(byte)(v >> 8), (byte)v] : [(byte)v, (byte)(v >> 8)];

        byte[] U32(uint v) => bigEndian
            ? [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]
            : [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];
    }
}
