using System.Globalization;
using Packetflix.Server.Cli;

namespace Packetflix.Server.Auth;

/// <summary>
/// Concurrent capture sessions (<c>/capture</c> and <c>/capture.pcapng</c> requests) in total
/// (<c>--max-sessions</c>) and per identity (<c>--max-sessions-per-identity</c>; the caller's audit name). A
/// request over a limit is refused before it reaches the endpoint, so before any WebSocket upgrade: the total with
/// 503 (the service is at capacity, RFC 9110 §15.6.4), the per-identity one with 429 (that caller asks for too
/// much, RFC 6585 §4), both with Retry-After.
/// </summary>
internal sealed class SessionLimiter
{
    public const int DefaultMaxSessions = 256;

    public const int DefaultMaxSessionsPerIdentity = 64;

    private readonly int _maxTotal;
    private readonly int _maxPerIdentity;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perIdentity = new(StringComparer.Ordinal);
    private int _total;

    public SessionLimiter(ServerOptions options)
    {
        _maxTotal = options.MaxSessions;
        _maxPerIdentity = options.MaxSessionsPerIdentity;
    }

    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Takes a slot for <paramref name="identity"/>, or says why not; a taken slot must be released.</summary>
    public SessionRefusal? TryAcquire(string identity)
    {
        lock (_lock)
        {
            if (_total >= _maxTotal)
            {
                return new SessionRefusal(StatusCodes.Status503ServiceUnavailable,
                    string.Create(CultureInfo.InvariantCulture, $"too many capture sessions: {_maxTotal} are running (--max-sessions)"));
            }

            var mine = _perIdentity.GetValueOrDefault(identity);
            if (mine >= _maxPerIdentity)
            {
                return new SessionRefusal(StatusCodes.Status429TooManyRequests,
                    string.Create(CultureInfo.InvariantCulture,
                        $"too many capture sessions for this caller: {_maxPerIdentity} are running (--max-sessions-per-identity)"));
            }

            _perIdentity[identity] = mine + 1;
            _total++;
            return null;
        }
    }

    public void Release(string identity)
    {
        lock (_lock)
        {
            _total--;
            if (_perIdentity.TryGetValue(identity, out var mine) && mine > 1)
            {
                _perIdentity[identity] = mine - 1;
            }
            else
            {
                _perIdentity.Remove(identity);
            }
        }
    }
}
