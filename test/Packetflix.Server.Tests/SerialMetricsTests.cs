namespace Packetflix.Server.Tests;

/// <summary>Tests that compare process-wide metric deltas exactly run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialMetricsTests
{
    public const string Name = "metrics";
}
