namespace Packetflix.Discovery.Tests.Engines;

/// <summary>Tests against the real engines run one after the other: one of them restarts containerd.</summary>
[CollectionDefinition(Name)]
#pragma warning disable CA1711 // xunit's convention names collection definitions "…Collection".
public sealed class RealEnginesCollection : ICollectionFixture<RealEngines>
{
    public const string Name = "Real container engines";
}
#pragma warning restore CA1711
