using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>What <c>packetflix capture</c> was asked with several <c>--host</c>s.</summary>
internal sealed record MultiHostRequest(IReadOnlyList<HostUrl> Hosts, TargetSelection Selection, ConnectionOptions Connection)
{
    /// <summary>Applies <c>-i</c>, <c>-f</c>, <c>-s</c>, <c>-p</c> to a host's request (the same for every host).</summary>
    public Func<CaptureRequest, CaptureRequest> Options { get; init; } = r => r;

    public bool Partial { get; init; }

    public string? Write { get; init; }

    public long Count { get; init; }

    public TimeSpan? Duration { get; init; }
}
