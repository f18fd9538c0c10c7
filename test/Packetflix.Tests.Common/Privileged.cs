using Xunit;

namespace Packetflix.Tests.Common;

/// <summary>
/// Gate for tests that need root and real namespaces. A plain <c>dotnet test</c> by a normal user skips them and says why;
/// with <c>PACKETFLIX_REQUIRE_PRIVILEGED=1</c> (the project's test script and CI) an unmet precondition fails the test,
/// because these tests are the heart of the suite and must never be skipped silently (README.md, "Development").
/// </summary>
public static class Privileged
{
    private const string StrictVariable = "PACKETFLIX_REQUIRE_PRIVILEGED";

    // Tools every namespace fixture uses (NetnsPair, FakeContainer).
    private static readonly string[] BaseTools = ["ip", "nsenter", "unshare", "stat"];

    /// <summary>True when unmet preconditions must fail rather than skip.</summary>
    public static bool IsStrict => Environment.GetEnvironmentVariable(StrictVariable) == "1";

    /// <summary>Requires uid 0 and the namespace tools (ip, nsenter, unshare, stat).</summary>
    public static void Require()
    {
        if (!IsRoot())
        {
            Unmet("test needs root (uid 0) to create network namespaces");
        }

        foreach (var tool in BaseTools)
        {
            RequireTool(tool);
        }
    }

    /// <summary>Requires an executable in PATH (or the usual sbin directories).</summary>
    public static void RequireTool(string name)
    {
        if (ToolPath.Find(name) is null)
        {
            Unmet($"test needs '{name}', which is not installed (not found in PATH)");
        }
    }

    /// <summary>Requires an arbitrary precondition (for example a loadable native library), with the same skip/fail policy.</summary>
    public static void RequireThat(bool condition, string reason)
    {
        if (!condition)
        {
            Unmet(reason);
        }
    }

    /// <summary>Real uid from the Uid line of /proc/self/status (proc_pid_status(5)): "Uid: real effective saved fs".</summary>
    public static bool IsRoot()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var fields = line["Uid:".Length..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 1 && fields[1] == "0";
            }
        }

        return false;
    }

    private static void Unmet(string reason)
    {
        if (IsStrict)
        {
            Assert.Fail($"{reason} ({StrictVariable}=1)");
        }

        Assert.Skip(reason);
    }
}
