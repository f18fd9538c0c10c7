using System.Security.Cryptography;
using System.Text;
using Packetflix.Linux;

namespace Packetflix.Server.Auth;

/// <summary>
/// The accepted tokens, re-read when the file changes. The file is looked at (inode, size, mtime) at most once per
/// <see cref="CheckInterval"/>, on the next request: that catches in-place writes and editors and tools that write a
/// new file and rename it over the old one (a new inode), with no watcher to lose events. A file that cannot be
/// read or parsed after a change fails closed: no token is accepted until it is fixed, because keeping the old set
/// would keep a token the operator just revoked.
/// </summary>
internal sealed class TokenStore
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private IReadOnlyList<TokenEntry> _tokens;
    private (ulong Inode, long Length, DateTime Modified) _version;
    private DateTimeOffset _nextCheck;

    private TokenStore(string path, IReadOnlyList<TokenEntry> tokens, (ulong, long, DateTime) version, TimeProvider time, ILogger logger)
    {
        _path = path;
        _tokens = tokens;
        _version = version;
        _time = time;
        _logger = logger;
        _nextCheck = time.GetUtcNow() + CheckInterval;
    }

    public int Count => Volatile.Read(ref _tokens).Count;

    /// <summary>Loads the file at start; an error here refuses the start.</summary>
    public static (TokenStore? Store, string? Error) Open(string path, TimeProvider time, ILogger logger)
    {
        var version = VersionOf(path);
        var loaded = TokenFile.Load(path);
        return loaded.Succeeded ? (new TokenStore(path, loaded.Tokens, version, time, logger), null) : (null, loaded.Error);
    }

    /// <summary>The entry whose hash equals the presented token's hash. Every entry is compared, each in constant
    /// time, so the time taken says nothing about which (or whether a) token matched.</summary>
    public TokenEntry? Find(string presented)
    {
        ReloadIfChanged();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        TokenEntry? match = null;
        foreach (var entry in Volatile.Read(ref _tokens))
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash) && match is null)
            {
                match = entry;
            }
        }

        return match;
    }

    private void ReloadIfChanged()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (now < _nextCheck)
            {
                return;
            }

            _nextCheck = now + CheckInterval;
            var version = VersionOf(_path);
            if (version == _version)
            {
                return;
            }

            _version = version;
            var loaded = TokenFile.Load(_path);
            if (loaded.Succeeded)
            {
                Volatile.Write(ref _tokens, loaded.Tokens);
                AuditLog.TokensReloaded(_logger, _path, loaded.Tokens.Count);
            }
            else
            {
                Volatile.Write(ref _tokens, []);
                AuditLog.TokensUnusable(_logger, loaded.Error);
            }
        }
    }

    /// <summary>A missing file has version (0, -1, MinValue), so its reappearance counts as a change.</summary>
    private static (ulong Inode, long Length, DateTime Modified) VersionOf(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || !NamespaceInode.TryGet(path, out var inode))
        {
            return (0, -1, DateTime.MinValue);
        }

        return (inode, info.Length, info.LastWriteTimeUtc);
    }
}
