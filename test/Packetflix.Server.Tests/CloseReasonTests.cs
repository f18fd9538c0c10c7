using System.Text;
using Packetflix.Server.CaptureApi;

namespace Packetflix.Server.Tests;

public sealed class CloseReasonTests
{
    [Fact]
    public void Truncate_Short_Unchanged() => Assert.Equal("capture stopped", CloseReason.Truncate("capture stopped"));

    [Fact]
    public void Truncate_LongAscii_Exactly123Bytes()
    {
        var reason = CloseReason.Truncate(new string('x', 300));
        Assert.Equal(123, Encoding.UTF8.GetByteCount(reason));
    }

    [Fact]
    public void Truncate_MultiByte_CutsOnCharacterBoundary()
    {
        // 'é' is 2 bytes, '🦈' is 4 bytes (a surrogate pair): 61 × 2 = 122, so the next shark must not fit.
        var reason = CloseReason.Truncate(new string('é', 61) + "🦈🦈");
        Assert.Equal(new string('é', 61), reason);
        var sharks = CloseReason.Truncate(string.Concat(Enumerable.Repeat("🦈", 40)));
        Assert.Equal(120, Encoding.UTF8.GetByteCount(sharks));
        Assert.False(char.IsHighSurrogate(sharks[^1]));
    }
}
