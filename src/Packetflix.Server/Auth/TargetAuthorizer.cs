using Packetflix.Capture;
using Packetflix.Core.Targets;
using Packetflix.Discovery;
using Packetflix.Server.CaptureApi;

namespace Packetflix.Server.Auth;

/// <summary>
/// Decides whether a scoped token may capture a resolved target. The only thing a capture opens is the netns with
/// the target's inode, so that is what is checked: against what discovery reports living in that netns, never
/// against the name, type or prefix the client wrote into its request (which is how Inspektor Gadget's
/// GHSA-pv22-fqcj-7xwh let a client capture outside its namespace by naming it differently).
/// </summary>
internal sealed class TargetAuthorizer
{
    public const string ForbiddenReason = "Forbidden: this token may not capture that target";

    private readonly DiscoveryService _discovery;

    public TargetAuthorizer(DiscoveryService discovery) => _discovery = discovery;

    public async ValueTask<CaptureRefusal?> CheckAsync(TargetScope scope, CaptureTarget target, CancellationToken cancellationToken)
    {
        var inode = (ulong)Math.Max(0, target.Netns);
        bool? allowed;
        try
        {
            allowed = ScopedDiscovery.AllowsNetns(await _discovery.GetAsync(cancellationToken), inode, scope);
            // Unknown to the cached discovery: perhaps a container that just started, so ask once more, freshly.
            allowed ??= ScopedDiscovery.AllowsNetns(await _discovery.GetFreshAsync(cancellationToken), inode, scope);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail closed: without discovery there is nothing to check the target against.
            return new CaptureRefusal(CaptureErrorKind.DiscoveryFailed, "cannot check the target against this token's scope: discovery failed");
        }

        return allowed == true ? null : new CaptureRefusal(CaptureErrorKind.Forbidden, ForbiddenReason);
    }
}
