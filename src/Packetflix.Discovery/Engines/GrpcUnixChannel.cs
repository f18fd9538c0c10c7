using Grpc.Net.Client;

namespace Packetflix.Discovery.Engines;

/// <summary>gRPC (h2c) channels to an engine's unix socket.</summary>
internal static class GrpcUnixChannel
{
    public static GrpcChannel Create(string socketPath) =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = UnixSocketHttp.CreateHandler(socketPath, TimeSpan.FromSeconds(5)),
            DisposeHttpClient = true,
        });
}
