using System.Globalization;
using System.Text;

namespace Packetflix.Server.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4 (prometheus.io, "Exposition formats"): comment
/// lines (<c># TYPE</c>, <c># HELP</c>), and samples <c>name{label="value",...} value [timestamp]</c> with the
/// escapes <c>\\</c>, <c>\"</c> and <c>\n</c> in label values. Anything else is a test failure, not skipped.
/// </summary>
internal sealed class PrometheusText
{
    private readonly Dictionary<string, string> _types = [];
    private readonly List<Sample> _samples = [];

    public IReadOnlyList<Sample> Samples => _samples;

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts is ["#", "TYPE", var name, var type])
                {
                    Assert.True(parsed._types.TryAdd(name, type), $"TYPE {name} twice");
                }

                continue;
            }

            parsed._samples.Add(ParseSample(line));
        }

        return parsed;
    }

    /// <summary>The <c># TYPE</c> of a family, or null.</summary>
    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The one sample of <paramref name="name"/> whose labels include every pair given.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        Assert.Single(_samples, s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Value;

    public IEnumerable<Sample> Family(string name) => _samples.Where(s => s.Name == name);

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        var name = line[..i];
        Assert.False(name.Length == 0 || char.IsAsciiDigit(name[0]), $"bad metric name in \"{line}\"");
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq];
                Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", key);
                Assert.Equal('"', line[eq + 1]);
                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch { 'n' => '\n', var c and ('\\' or '"') => c, var c => throw new FormatException($"bad escape \\{c}") });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                Assert.True(labels.TryAdd(key, value.ToString()), $"label {key} twice in \"{line}\"");
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Assert.Equal(' ', line[i]);
        var fields = line[(i + 1)..].Split(' ');
        Assert.InRange(fields.Length, 1, 2);
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var f => double.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
