using System.Diagnostics.Metrics;

namespace Packetflix.Discovery;

/// <summary>
/// The discovery's instruments (docs/api.md, "Metrics"): how long each discovery run took, and how old the result
/// that answers now is. Process-wide like the capture counters; the server exports the meter on <c>/metrics</c>.
/// </summary>
public static class DiscoveryMetrics
{
    /// <summary>The meter name shared by every Packetflix instrument (the server's exporter listens to it).</summary>
    public const string MeterName = "Packetflix";

    // Seconds: a warm host answers in milliseconds, a cold CRI or a hung engine socket takes seconds.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private static readonly Meter Meter = new(MeterName, Core.PacketflixVersion.Version);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram("packetflix_discovery_duration", "s",
        "How long each discovery run took, by result.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static Result? _latest;

#pragma warning disable CA1823 // Observable instruments are read through the meter, never through the field.
    private static readonly ObservableGauge<double> CacheAge = Meter.CreateObservableGauge("packetflix_discovery_cache_age",
        ObserveCacheAge, "s", "Age of the cached discovery result, counted from the start of the run that produced it.");
#pragma warning restore CA1823

    /// <summary>A run that started at <paramref name="started"/> (a <paramref name="time"/> timestamp) ended now.</summary>
    public static void RunEnded(TimeProvider time, long started, bool succeeded)
    {
        Duration.Record(time.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("result", succeeded ? "ok" : "failed"));
        if (succeeded)
        {
            Volatile.Write(ref _latest, new Result(time, started));
        }
    }

    // No result yet: no sample, rather than an age that means nothing.
    private static IEnumerable<Measurement<double>> ObserveCacheAge() => Volatile.Read(ref _latest) is { } latest
        ? [new Measurement<double>(latest.Time.GetElapsedTime(latest.Started).TotalSeconds)]
        : [];

    private sealed record Result(TimeProvider Time, long Started);
}
