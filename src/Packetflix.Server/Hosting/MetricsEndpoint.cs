using System.Globalization;
using System.Text;
using Packetflix.Capture;

namespace Packetflix.Server.Hosting;

/// <summary><c>GET /metrics</c> in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class MetricsEndpoint
{
    public static Task WriteAsync(HttpContext context)
    {
        var text = new StringBuilder();
        Counter(text, "packetflix_capture_sessions_started_total", "Capture sessions started.", CaptureMetrics.SessionsStarted);
        Gauge(text, "packetflix_capture_sessions_active", "Capture sessions running now.", CaptureMetrics.SessionsActive);
        Counter(text, "packetflix_packets_captured_total", "Packets handed to us by the kernel.", CaptureMetrics.PacketsCaptured);
        Counter(text, "packetflix_packets_delivered_total", "Packets handed to client sockets.", CaptureMetrics.PacketsDelivered);
        Counter(text, "packetflix_stream_bytes_total", "pcapng bytes of delivered packets.", CaptureMetrics.BytesDelivered);
        Header(text, "packetflix_packets_dropped_total", "Packets dropped, by cause (docs/api.md, \"Accounting\").", "counter");
        Sample(text, "packetflix_packets_dropped_total{cause=\"slow-client\"}", CaptureMetrics.PacketsDroppedSlowConsumer);
        Sample(text, "packetflix_packets_dropped_total{cause=\"session-end\"}", CaptureMetrics.PacketsDroppedSessionEnd);
        Sample(text, "packetflix_packets_dropped_total{cause=\"kernel\"}", CaptureMetrics.PacketsDroppedKernel);
        // The unlabelled names predate the labelled family; kept so existing dashboards keep working.
        Counter(text, "packetflix_packets_dropped_slow_client_total", "Packets dropped because a client did not keep up.",
            CaptureMetrics.PacketsDroppedSlowConsumer);
        Counter(text, "packetflix_packets_dropped_kernel_total", "Packets the kernel dropped (capture buffer full).",
            CaptureMetrics.PacketsDroppedKernel);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private static void Counter(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, help, "counter");
        Sample(text, name, value);
    }

    private static void Gauge(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, help, "gauge");
        Sample(text, name, value);
    }

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Sample(StringBuilder text, string series, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"{series} {value}\n");
}
