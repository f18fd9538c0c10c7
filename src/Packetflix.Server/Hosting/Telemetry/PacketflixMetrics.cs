using System.Diagnostics.Metrics;
using Packetflix.Capture;

namespace Packetflix.Server.Hosting.Telemetry;

/// <summary>
/// The server's <c>System.Diagnostics.Metrics</c> instruments (docs/api.md, "Metrics"), exported on <c>/metrics</c>
/// by OpenTelemetry's Prometheus exporter. Names are Prometheus names already; the exporter appends the unit and, for
/// counters, <c>_total</c> (OpenTelemetry "Prometheus and OpenMetrics Compatibility", "Metric Metadata"). Like the
/// capture counters they read, the values are process-wide, and the capture totals are observed when scraped, so
/// they are exact. No label ever carries a client-chosen string, a token or a ticket: labels take fixed values only.
/// </summary>
internal static class PacketflixMetrics
{
    /// <summary>The meter every Packetflix instrument belongs to (the discovery's too).</summary>
    public const string MeterName = "Packetflix";

    private static readonly ClientKind[] ClientKinds = Enum.GetValues<ClientKind>();
    private static readonly CaptureErrorKind[] ErrorKinds = [.. Enum.GetValues<CaptureErrorKind>().Where(k => k != CaptureErrorKind.None)];
    private static readonly long[] Started = new long[ClientKinds.Length];
    private static readonly long[] Active = new long[ClientKinds.Length];
    private static readonly long[] Errors = new long[Enum.GetValues<CaptureErrorKind>().Length];
    private static readonly Meter Meter = new(MeterName, Core.PacketflixVersion.Version);
    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("packetflix_http_refusals", "{response}",
        "HTTP requests answered with a 4xx or 5xx status, by status.");

#pragma warning disable CA1823 // Observable instruments are read through the meter, never through the field.
    private static readonly ObservableUpDownCounter<long> SessionsActive = Meter.CreateObservableUpDownCounter("packetflix_sessions_active",
        () => ByClient(Active), "{session}", "Capture sessions streaming now, by client kind.");

    private static readonly ObservableCounter<long> Sessions = Meter.CreateObservableCounter("packetflix_sessions",
        () => ByClient(Started), "{session}", "Capture sessions started, by client kind.");

    private static readonly ObservableCounter<long> PacketsCaptured = Meter.CreateObservableCounter("packetflix_packets_captured",
        () => CaptureMetrics.PacketsCaptured, "{packet}", "Packets libpcap handed to us.");

    private static readonly ObservableCounter<long> BytesCaptured = Meter.CreateObservableCounter("packetflix_captured",
        () => CaptureMetrics.BytesCaptured, "By", "Bytes of packet data captured (captured lengths).");

    private static readonly ObservableCounter<long> PacketsDelivered = Meter.CreateObservableCounter("packetflix_packets_delivered",
        () => CaptureMetrics.PacketsDelivered, "{packet}", "Packets handed to client sockets.");

    private static readonly ObservableCounter<long> BytesDelivered = Meter.CreateObservableCounter("packetflix_delivered",
        () => CaptureMetrics.BytesDelivered, "By", "pcapng bytes of the delivered packets' blocks.");

    private static readonly ObservableCounter<long> PacketsDropped = Meter.CreateObservableCounter("packetflix_packets_dropped",
        () => (Measurement<long>[])
        [
            new(CaptureMetrics.PacketsDroppedKernel, new KeyValuePair<string, object?>("cause", "kernel")),
            new(CaptureMetrics.PacketsDroppedSlowConsumer, new KeyValuePair<string, object?>("cause", "slow-client")),
            new(CaptureMetrics.PacketsDroppedSessionEnd, new KeyValuePair<string, object?>("cause", "session-end")),
        ],
        "{packet}", "Packets dropped, by cause (docs/api.md, \"Accounting\").");

    private static readonly ObservableCounter<long> CaptureErrors = Meter.CreateObservableCounter("packetflix_capture_errors",
        () => Array.ConvertAll(ErrorKinds, k => new Measurement<long>(Interlocked.Read(ref Errors[(int)k]),
            new KeyValuePair<string, object?>("reason", ReasonOf(k)))),
        "{error}", "Capture requests that did not start, by reason.");
#pragma warning restore CA1823

    /// <summary>The <c>reason</c> label of an error kind: the kind's name in kebab case (docs/api.md, "Metrics").</summary>
    public static string ReasonOf(CaptureErrorKind kind) => kind switch
    {
        CaptureErrorKind.InvalidParameter => "invalid-parameter",
        CaptureErrorKind.TargetNotFound => "target-not-found",
        CaptureErrorKind.TargetNotLockable => "target-not-lockable",
        CaptureErrorKind.InterfaceNotFound => "interface-not-found",
        CaptureErrorKind.DiscoveryFailed => "discovery-failed",
        CaptureErrorKind.Forbidden => "forbidden",
        CaptureErrorKind.CaptureFailed => "capture-failed",
        _ => "none",
    };

    public static string LabelOf(ClientKind kind) => kind == ClientKind.WebSocket ? "websocket" : "download";

    /// <summary>Counts a session as started and active until the returned value is disposed.</summary>
    public static TrackedSession TrackSession(ClientKind kind) => new(kind);

    public static void CaptureError(CaptureErrorKind kind)
    {
        if (kind != CaptureErrorKind.None && (int)kind < Errors.Length)
        {
            Interlocked.Increment(ref Errors[(int)kind]);
        }
    }

    public static void Refused(int status) => Refusals.Add(1, new KeyValuePair<string, object?>("status", StatusLabel(status)));

    internal static void SessionStarted(ClientKind kind)
    {
        Interlocked.Increment(ref Started[(int)kind]);
        Interlocked.Increment(ref Active[(int)kind]);
    }

    internal static void SessionEnded(ClientKind kind) => Interlocked.Decrement(ref Active[(int)kind]);

    private static Measurement<long>[] ByClient(long[] counts) => Array.ConvertAll(ClientKinds,
        k => new Measurement<long>(Interlocked.Read(ref counts[(int)k]), new KeyValuePair<string, object?>("client", LabelOf(k))));

    // A fixed set of strings: the status is the server's, but a label value set must stay small.
    private static string StatusLabel(int status) => status is >= 400 and < 600
        ? status.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "other";
}
