using Microsoft.AspNetCore.Http.Features;

namespace Packetflix.Server.Hosting;

/// <summary>A request's upgrade feature that hands the upgraded stream over wrapped (the audit's counting, the client
/// frame guard, the frame sender): set over the existing feature before the WebSocket middleware takes it, so the
/// WebSocket reads and writes through the wrapper. Each wrapper set later sits outside those set before it.</summary>
internal sealed class WrappedUpgradeFeature(IHttpUpgradeFeature inner, Func<Stream, Stream> wrap) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync() => wrap(await inner.UpgradeAsync());
}
