using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.Auth;

/// <summary>Decorates the response body and the upgrade of a capture request so the audit line can say how many
/// bytes the client was sent, without the capture endpoints knowing about it.</summary>
internal static class CountingFeatures
{
    public static ByteCounter Install(HttpContext context)
    {
        var counter = new ByteCounter();
        if (context.Features.Get<IHttpResponseBodyFeature>() is { } body)
        {
            context.Features.Set<IHttpResponseBodyFeature>(new CountingResponseBody(body, counter));
        }

        if (context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new WrappedUpgradeFeature(upgrade, stream => new CountingStream(stream, counter)));
        }

        return counter;
    }

    private sealed class CountingResponseBody(IHttpResponseBodyFeature inner, ByteCounter counter) : IHttpResponseBodyFeature
    {
        private readonly CountingPipeWriter _writer = new(inner.Writer, counter);

        public Stream Stream => inner.Stream;

        public PipeWriter Writer => _writer;

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task CompleteAsync() => inner.CompleteAsync();
    }
}
