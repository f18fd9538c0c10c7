using System.Globalization;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// How much one capture session may ask for (<c>--max-targets</c>, <c>--max-interfaces</c>; docs/api.md,
/// "Limits"). Every endpoint that starts a capture checks the resolved request with <see cref="Check"/>; a request
/// over a limit is a client error (400), refused before any WebSocket upgrade.
/// </summary>
internal sealed record CaptureLimits(int MaxTargets, int MaxInterfaces)
{
    public const int DefaultMaxTargets = CaptureTargetLimits.MaxTargetsPerRequest;

    public const int DefaultMaxInterfaces = 64;

    /// <summary>Null when within the limits, else the reason. <c>all</c> counts as one name here: the capture
    /// engine expands it to the interfaces the namespace has.</summary>
    public string? Check(int targets, int interfaces)
    {
        if (targets > MaxTargets)
        {
            return string.Create(CultureInfo.InvariantCulture, $"too many targets: {targets}, at most {MaxTargets} per session (--max-targets)");
        }

        return interfaces > MaxInterfaces
            ? string.Create(CultureInfo.InvariantCulture, $"too many interfaces: {interfaces}, at most {MaxInterfaces} per session (--max-interfaces)")
            : null;
    }
}
