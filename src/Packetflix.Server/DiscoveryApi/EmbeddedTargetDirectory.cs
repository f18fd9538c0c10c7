using Packetflix.Discovery;
using Packetflix.Server.Targets;

namespace Packetflix.Server.DiscoveryApi;

/// <summary>
/// The stale-target refresh of <c>/capture</c> answered by the embedded discovery (when no
/// <c>--discovery-service</c> was given). A target is stale because something changed, so the answer must be newer
/// than the request: it waits for a discovery that started after the call instead of serving the cache.
/// </summary>
internal sealed class EmbeddedTargetDirectory : ITargetDirectory
{
    private readonly DiscoveryService _discovery;

    public EmbeddedTargetDirectory(DiscoveryService discovery) => _discovery = discovery;

    public async Task<TargetListResult> ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await _discovery.GetFreshAsync(cancellationToken);
            return new TargetListResult(result.ToCaptureTargets(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new TargetListResult(null, $"embedded discovery failed: {e.Message}");
        }
    }
}
