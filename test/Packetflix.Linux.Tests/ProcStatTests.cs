namespace Packetflix.Linux.Tests;

public class ProcStatTests
{
    // A real /proc/PID/stat line (52 fields) whose comm contains spaces and parentheses; starttime (field 22) = 123456.
    private const string WeirdStat =
        "4242 (a) b (c) d) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 123456 2433024 200 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    [Fact]
    public void TryParseStartTime_CommWithSpacesAndParens_ReadsField22()
    {
        Assert.True(ProcStat.TryParseStartTime(WeirdStat, out var startTime));
        Assert.Equal(123456UL, startTime);
    }

    [Fact]
    public void TryParseStartTime_PlainComm_ReadsField22()
    {
        const string stat = "1 (systemd) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 42 1000 10 18446744073709551615";
        Assert.True(ProcStat.TryParseStartTime(stat, out var startTime));
        Assert.Equal(42UL, startTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 (no close paren S 0 1")]
    [InlineData("1 (short) S 0 1 1")]
    [InlineData("1 (x) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 notanumber 1000")]
    public void TryParseStartTime_Malformed_ReturnsFalse(string contents)
    {
        Assert.False(ProcStat.TryParseStartTime(contents, out _));
    }

    [Fact]
    public void TryReadStartTime_OwnProcess_ReturnsNonZero()
    {
        Assert.True(ProcStat.TryReadStartTime(Environment.ProcessId, out var startTime));
        Assert.NotEqual(0UL, startTime);
    }

    [Fact]
    public void TryReadStartTime_MissingProcess_ReturnsFalse()
    {
        // pid_max is at most 2^22 (proc(5)), so this pid cannot exist.
        Assert.False(ProcStat.TryReadStartTime(int.MaxValue, out _));
    }
}
