using Microsoft.Extensions.Time.Testing;
using Packetflix.Server.Auth;

namespace Packetflix.Server.Tests.Auth;

public sealed class TicketStoreTests
{
    private static readonly Caller Alice = new("alice", CallerKind.Token, "127.0.0.1:1");

    [Fact]
    public void Redeem_Twice_SecondRefused()
    {
        var store = new TicketStore(new FakeTimeProvider());
        var ticket = store.Issue(Alice)!;
        Assert.Equal("alice", store.Redeem(ticket)?.Name);
        Assert.Null(store.Redeem(ticket));
    }

    [Fact]
    public void Redeem_AfterLifetime_Refused()
    {
        var time = new FakeTimeProvider();
        var store = new TicketStore(time);
        var ticket = store.Issue(Alice)!;
        time.Advance(TicketStore.Lifetime);
        Assert.Null(store.Redeem(ticket));
        Assert.True(TicketStore.Lifetime <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Redeem_UnknownTicket_Refused() => Assert.Null(new TicketStore(new FakeTimeProvider()).Redeem("nope"));
}
