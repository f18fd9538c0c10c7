namespace Packetflix.Discovery.Tests.Engines;

/// <summary>Tests against the real engines run one after the other: one of them restarts containerd.</summary>
[CollectionDefinition(Name)]
public sealed class RealEnginesCollection : ICollectionFixture<RealEngines>
{
    public const string Name = "Real container engines";
}
