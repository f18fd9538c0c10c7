using System.Globalization;
using System.Text;

namespace Packetflix.Server.Tests.Hostile;

/// <summary>
/// Deterministic (seeded) malformed requests against <c>/capture</c> and <c>/capture.pcapng</c>: broken, huge and
/// deeply nested target JSON, invalid UTF-8 and percent-encoding, bad netns values, thousands of interfaces, 64 KiB
/// and syntactically wrong filters, path traversal, CRLF in headers, wrong methods and WebSocket versions. Every one
/// is meant to be refused; the few that reach a real capture use the test container's netns.
/// </summary>
internal sealed class HostileRequestGenerator(int seed, string host, string validTargetJson, string missingTargetJson)
{
    private static readonly string[] Methods = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "CONNECT"];
    private static readonly string[] Versions = ["", "0", "8", "12", "14", "13, 8", "abc", "-13", "99999999999"];
    private static readonly string[] Netns = ["-1", "0", "-9223372036854775808", "9223372036854775808", "99999999999999999999999", "abc",
        "1e10", "0x10", " 12", "12 ", "+", "", "4026531840.5", "NaN", "٣", "1;2"];
    private static readonly string[] Filters = ["(((", "tcp port", "port 99999", "host", "and and", "ether proto \\x", "icmp[0:9]", "'", "\\",
        "tcp and (udp", "vlan 5000", "net 10.0.0.0/33"];
    private static readonly string[] Traversal = ["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/shadow", "....//....//",
        "/proc/self/environ", "..\\..\\windows", "%00", "ui/../../../etc/passwd"];

    private readonly Random _random = new(seed);

    public HostileRequest Next()
    {
        return _random.Next(14) switch
        {
            0 => Download("broken-json", "container=" + Uri.EscapeDataString(BrokenJson())),
            1 => Download("huge-json", "container=" + Uri.EscapeDataString(HugeJson(_random.Next(4_000, 40_000)))),
            2 => Download("nested-json", "container=" + Uri.EscapeDataString(Nested(_random.Next(65, 1_200)))),
            3 => Raw("invalid-utf8", "GET", Concat("/capture.pcapng?container="u8, RandomBytes(), "&netns=\xff"u8), []),
            4 => Download("percent-encoding", PercentGarbage()),
            5 => Download("netns", "netns=" + Uri.EscapeDataString(Pick(Netns))),
            6 => Download("many-nifs", "container=" + Uri.EscapeDataString(missingTargetJson) + "&nif=" + ManyNifs()),
            7 => Header("huge-filter", "Clustershark-Filter", new string('a', 64 * 1024)),
            8 => Download("filter-syntax", "container=" + Uri.EscapeDataString(validTargetJson) + "&nif=lo&filter=" + Uri.EscapeDataString(Pick(Filters))),
            9 => Traverse(),
            10 => Crlf(),
            11 => Raw("wrong-method", Pick(Methods), "/capture?netns=1"u8.ToArray(), Upgrade("13")),
            12 => Raw("ws-version", "GET", "/capture?netns=1"u8.ToArray(), Upgrade(Pick(Versions))),
            _ => Raw("ws-bad-target", "GET", Encoding.ASCII.GetBytes("/capture?" + (_random.Next(2) == 0
                ? "container=" + Uri.EscapeDataString(BrokenJson())
                : "netns=" + Uri.EscapeDataString(Pick(Netns)))), Upgrade("13")),
        };
    }

    /// <summary>An upgrade to a real capture (nothing matches its filter), followed by hostile client frames.</summary>
    public HostileRequest AfterUpgrade()
    {
        var target = "/capture?container=" + Uri.EscapeDataString(validTargetJson) + "&nif=lo&filter=" + Uri.EscapeDataString("udp port 9");
        var (category, frames) = _random.Next(4) switch
        {
            0 => ("ws-garbage", RandomBytes(_random.Next(1, 4096))),
            // A masked text frame with invalid UTF-8 (RFC 6455 §8.1: fail the connection, 1007).
            1 => ("ws-invalid-utf8", Frame(0x81, [0xc3, 0x28, 0xff], masked: true)),
            // A client frame without a mask (RFC 6455 §5.1: the server must close the connection, 1002).
            2 => ("ws-unmasked", Frame(0x82, RandomBytes(16), masked: false)),
            // A frame header announcing 2^40 bytes and some of them.
            _ => ("ws-oversized", Concat([0x82, 0xff, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4], RandomBytes(64 * 1024))),
        };
        return new HostileRequest(category, Request("GET", Encoding.ASCII.GetBytes(target), Upgrade("13")), frames);
    }

    private HostileRequest Download(string category, string query) =>
        Raw(category, "GET", Encoding.ASCII.GetBytes("/capture.pcapng?" + query), []);

    private HostileRequest Header(string category, string name, string value) =>
        Raw(category, "GET", Encoding.ASCII.GetBytes("/capture.pcapng?container=" + Uri.EscapeDataString(validTargetJson)), [(name, value)]);

    private HostileRequest Raw(string category, string method, byte[] target, (string, string)[] headers) =>
        new(category, Request(method, target, headers));

    private byte[] Request(string method, byte[] target, (string Name, string Value)[] headers)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $" HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        var upgrade = headers.Any(h => h.Name == "Upgrade");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        var bytes = Concat(Encoding.ASCII.GetBytes(method + " "), target, Encoding.Latin1.GetBytes(head.ToString()));
        // An upgrade keeps the connection: "Connection: close" would make it no upgrade at all.
        return upgrade ? Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).Replace("Connection: close\r\n", "", StringComparison.Ordinal)) : bytes;
    }

    private (string, string)[] Upgrade(string version)
    {
        var key = Convert.ToBase64String(RandomBytes(16));
        List<(string, string)> headers = [("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Key", key)];
        if (version.Length > 0)
        {
            headers.Add(("Sec-WebSocket-Version", version));
        }

        return [.. headers];
    }

    private string BrokenJson()
    {
        var valid = validTargetJson;
        return _random.Next(5) switch
        {
            0 => valid[.._random.Next(valid.Length)],
            1 => valid.Replace(":", _random.Next(2) == 0 ? "" : "::", StringComparison.Ordinal),
            2 => "{\"netns\":" + new string('9', _random.Next(20, 400)) + "}",
            3 => """{"name":"x","netns":1,"network-interfaces":{"a":1},"pid":"nope"}""",
            _ => Encoding.Latin1.GetString(RandomBytes(_random.Next(1, 200))),
        };
    }

    private static string HugeJson(int length) => "{\"name\":\"" + new string('n', length) + "\",\"type\":\"docker\",\"netns\":1}";

    private static string Nested(int depth) => """{"name":"x","netns":1,"labels":""" + new string('[', depth) + new string(']', depth) + "}";

    private string PercentGarbage() => _random.Next(4) switch
    {
        0 => "container=%7B%22name%22%3A%ZZ",
        1 => "netns=%C3%28&nif=%E2%82",
        2 => "container=%" + _random.Next(16).ToString("x", CultureInfo.InvariantCulture),
        _ => "nif=%00%0a%0d&container=%FF%FE",
    };

    private string ManyNifs()
    {
        var count = _random.Next(1_000, 2_500);
        return string.Join("/", Enumerable.Range(0, count).Select(i => "x" + i.ToString(CultureInfo.InvariantCulture)));
    }

    private HostileRequest Traverse()
    {
        var path = Pick(Traversal);
        return _random.Next(3) switch
        {
            0 => Raw("path-traversal", "GET", Encoding.ASCII.GetBytes("/ui/" + path), []),
            1 => Download("path-traversal", "container=" + Uri.EscapeDataString(missingTargetJson.Replace("\"name\":\"", "\"name\":\"" + path, StringComparison.Ordinal))),
            _ => Download("path-traversal", "container=" + Uri.EscapeDataString(missingTargetJson) + "&nif=" + Uri.EscapeDataString(path)),
        };
    }

    private HostileRequest Crlf() => _random.Next(3) switch
    {
        0 => Raw("crlf", "GET", "/capture.pcapng?netns=1"u8.ToArray(), [("X-Injected", "a\rSet-Cookie: b")]),
        1 => Raw("crlf", "GET", "/capture.pcapng?netns=1"u8.ToArray(), [("Clustershark-Nif", "eth0\nX: y")]),
        _ => Download("crlf", "netns=1%0d%0aSet-Cookie:%20x&filter=%0d%0a"),
    };

    private static byte[] Frame(byte opcode, byte[] payload, bool masked)
    {
        var frame = new List<byte> { opcode, (byte)((masked ? 0x80 : 0) | payload.Length) };
        byte[] mask = [1, 2, 3, 4];
        if (masked)
        {
            frame.AddRange(mask);
        }

        frame.AddRange(payload.Select((b, i) => masked ? (byte)(b ^ mask[i % 4]) : b));
        return [.. frame];
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private byte[] RandomBytes(int length = 12)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] RandomBytes() => RandomBytes(_random.Next(1, 64)).Select(b => (byte)(b | 0x80)).ToArray();

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Concat(ReadOnlySpan<byte> a, byte[] b, ReadOnlySpan<byte> c) => [.. a, .. b, .. c];
}
