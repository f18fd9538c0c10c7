using Microsoft.AspNetCore.Http;
using Packetflix.Server.Auth;

namespace Packetflix.Server.Tests.Auth;

public sealed class LocalHostHeaderTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("localhost", true)]
    [InlineData("localhost:5001", true)]
    [InlineData("a.b.localhost:5001", true)]
    [InlineData("127.0.0.1:5001", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("[::1]:5001", true)]
    [InlineData("[::ffff:127.0.0.1]:5001", true)]
    [InlineData("buildhost:5001", true)]
    [InlineData("BuildHost.", true)]
    [InlineData("evil.example:5001", false)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("evillocalhost", false)]
    [InlineData("10.0.0.1:5001", false)]
    [InlineData("[fe80::1]:5001", false)]
    [InlineData("buildhost.evil.example", false)]
    public void IsLocal_HostHeader_OnlyNamesOfThisMachine(string host, bool expected) =>
        Assert.Equal(expected, LocalHostHeader.IsLocal(host.Length == 0 ? default : new HostString(host), "buildhost"));
}
