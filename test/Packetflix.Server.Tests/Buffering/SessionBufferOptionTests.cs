using Packetflix.Server.Cli;

namespace Packetflix.Server.Tests.Buffering;

public sealed class SessionBufferOptionTests
{
    [Theory]
    [InlineData("4M", 4L * 1024 * 1024)]
    [InlineData("64K", 64L * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("131072", 131072L)]
    public void Parse_SessionBuffer_BytesWithSuffix(string value, long expected)
    {
        var (options, error) = CommandLineParser.Parse(["--session-buffer", value]);
        Assert.Null(error);
        Assert.Equal(expected, options!.SessionBufferBytes);
    }

    [Theory]
    [InlineData("63K")]
    [InlineData("2G")]
    [InlineData("4MB")]
    [InlineData("-4M")]
    [InlineData("M")]
    [InlineData("")]
    [InlineData("99999999999G")]
    public void Parse_SessionBufferOutOfRangeOrMalformed_ClearError(string value)
    {
        var (options, error) = CommandLineParser.Parse([$"--session-buffer={value}"]);
        Assert.Null(options);
        Assert.Equal($"invalid --session-buffer \"{value}\": must be a number of bytes (suffix K, M or G for KiB, MiB, GiB) from 64K to 1G", error);
    }

    [Fact]
    public void Parse_NoSessionBuffer_FourMiB()
    {
        var (options, _) = CommandLineParser.Parse([]);
        Assert.Equal(4L * 1024 * 1024, options!.SessionBufferBytes);
    }
}
