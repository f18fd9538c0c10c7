namespace Packetflix.Server.Targets;

/// <summary>Where stale capture targets are looked up again by (name, prefix): a Ghostwire-compatible
/// <c>/mobyshark</c> service today, the embedded discovery later.</summary>
internal interface ITargetDirectory
{
    /// <summary>The current capture targets, or an error text for the close reason.</summary>
    public Task<TargetListResult> ListAsync(CancellationToken cancellationToken);
}
