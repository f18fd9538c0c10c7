using Microsoft.AspNetCore.Http.Features;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// Watches the client's frame headers on an upgraded <c>/capture</c> connection (RFC 6455 §5.2) so that a data frame
/// announcing more than <c>--max-client-message</c> bytes is answered with 1009 as soon as its header arrives, not
/// after that many bytes were read (a header may announce 2^63). Installed as a wrapper of the upgrade feature before
/// the WebSocket middleware takes it; the endpoint finds it as a request feature.
/// </summary>
internal sealed class ClientFrameGuard
{
    private readonly TaskCompletionSource _tooBig = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClientFrameGuard(int maxMessageBytes) => MaxMessageBytes = maxMessageBytes;

    public int MaxMessageBytes { get; }

    /// <summary>Completes when a client data frame announced more than <see cref="MaxMessageBytes"/>.</summary>
    public Task TooBig => _tooBig.Task;

    /// <summary>Wraps the upgrade of a <c>/capture</c> request (<see cref="CaptureEndpoint.IsUpgrade"/>).</summary>
    public static void Install(HttpContext context, int maxMessageBytes)
    {
        var guard = new ClientFrameGuard(maxMessageBytes);
        context.Features.Set(guard);
        var upgrade = context.Features.GetRequiredFeature<IHttpUpgradeFeature>();
        context.Features.Set<IHttpUpgradeFeature>(new WrappedUpgradeFeature(upgrade, stream => new ClientFrameGuardStream(stream, guard)));
    }

    internal void Announced(int opcode, ulong payloadLength)
    {
        // Opcodes 0-2 are continuation, text and binary (§5.2); control frames are limited to 125 bytes by the
        // WebSocket itself (§5.5).
        if (opcode <= 2 && payloadLength > (ulong)MaxMessageBytes)
        {
            _tooBig.TrySetResult();
        }
    }
}
