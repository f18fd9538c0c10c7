namespace Packetflix.Extcap.Wireshark;

/// <summary>
/// The extcap command line as Wireshark passes it: <c>--name value</c>, <c>--name=value</c> and bare boolean flags.
/// Wireshark sometimes passes booleans as <c>--flag true</c>; like cshargextcap's fixer, such pairs are joined first.
/// </summary>
internal sealed class ExtcapArguments
{
    private static readonly HashSet<string> BareFlags = new(StringComparer.Ordinal)
    {
        "extcap-interfaces", "extcap-dlts", "extcap-config", "capture", "insecure", "showpods", "showcontainers",
        "showprocs", "showemptynetns", "noprom", "proxyoff", "debug",
    };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private ExtcapArguments()
    {
    }

    /// <summary>Whether the arguments are an extcap call (Wireshark's actions), not a CLI subcommand.</summary>
    public static bool IsExtcapCall(IReadOnlyList<string> args) =>
        args.Any(a => a is "--capture" || a.StartsWith("--extcap-", StringComparison.Ordinal));

    /// <summary>cshargextcap's fixer: <c>--flag true|false</c> becomes <c>--flag=true|false</c>.</summary>
    public static IReadOnlyList<string> Fix(IReadOnlyList<string> args)
    {
        var fixedArgs = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count && args[i + 1] is "true" or "false")
            {
                fixedArgs.Add(args[i] + "=" + args[i + 1]);
                i++;
                continue;
            }

            fixedArgs.Add(args[i]);
        }

        return fixedArgs;
    }

    public static ExtcapArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new ExtcapArguments();
        var fixedArgs = Fix(args);
        for (var i = 0; i < fixedArgs.Count; i++)
        {
            var arg = fixedArgs[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parsed._values[arg[2..eq]] = arg[(eq + 1)..];
                continue;
            }

            var name = arg[2..];
            if (!BareFlags.Contains(name) && i + 1 < fixedArgs.Count && !fixedArgs[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed._values[name] = fixedArgs[++i];
            }
            else
            {
                parsed._values[name] = "true";
            }
        }

        return parsed;
    }

    public string? Interface => Value("extcap-interface");

    public string? Fifo => Value("fifo");

    public string? CaptureFilter => Value("extcap-capture-filter");

    public string? ReloadOption => Value("extcap-reload-option");

    public string? Value(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>A boolean flag: present bare or as <c>=true</c> (any value but <c>false</c>, <c>0</c> or <c>no</c>).</summary>
    public bool Flag(string name) =>
        _values.TryGetValue(name, out var value) && value is not ("false" or "0" or "no" or "False" or "FALSE");

    public bool Has(string name) => _values.ContainsKey(name);
}
