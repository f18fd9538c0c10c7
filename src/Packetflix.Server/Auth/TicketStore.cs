using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Packetflix.Server.Auth;

/// <summary>
/// Single-use capture tickets for browsers, which cannot put a header on a WebSocket upgrade. A ticket is 256
/// random bits, valid for <see cref="Lifetime"/>, and carries the caller who asked for it. Only its hash is kept.
/// </summary>
internal sealed class TicketStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Bounds memory if a token holder asks for tickets in a loop.</summary>
    public const int MaximumOutstanding = 4096;

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Expires)> _tickets = new(StringComparer.Ordinal);

    public TicketStore(TimeProvider time) => _time = time;

    /// <summary>A new ticket, or null when too many are outstanding.</summary>
    public string? Issue(Caller caller)
    {
        var now = _time.GetUtcNow();
        foreach (var (key, value) in _tickets)
        {
            if (value.Expires <= now)
            {
                _tickets.TryRemove(key, out _);
            }
        }

        if (_tickets.Count >= MaximumOutstanding)
        {
            return null;
        }

        var ticket = Base64Url(RandomNumberGenerator.GetBytes(32));
        _tickets[KeyOf(ticket)] = (caller, now + Lifetime);
        return ticket;
    }

    /// <summary>The caller the ticket was issued to; the ticket is used up either way.</summary>
    public Caller? Redeem(string ticket)
    {
        if (!_tickets.TryRemove(KeyOf(ticket), out var entry) || entry.Expires <= _time.GetUtcNow())
        {
            return null;
        }

        return entry.Caller;
    }

    private static string KeyOf(string ticket) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ticket)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
