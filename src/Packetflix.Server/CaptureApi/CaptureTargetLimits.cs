namespace Packetflix.Server.CaptureApi;

/// <summary>The limit every multi-target request is checked against (docs/api.md, "Several targets"). Each target
/// costs one namespace fd, one libpcap ring per interface (8 MiB by default) and one liveness watch, so one request
/// must not be able to ask for an unbounded number.</summary>
internal static class CaptureTargetLimits
{
    /// <summary>Most targets one request may name; more are refused with 400 / close 1011 before anything is opened.</summary>
    public const int MaxTargetsPerRequest = 32;
}
