using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>GET /api/namespaces and /api/mounts/{mntns} against a namespace tree the test builds with unshare(1).</summary>
public sealed class ExplorerEndpointTests
{
    private static readonly TimeSpan ShellTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 90_000)]
    public async Task Namespaces_NestedUserAndPidNamespaces_HierarchyAndFlags()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        var marker = $"9{Random.Shared.Next(100_000, 999_999)}";

        // Two levels of user + PID namespaces; the inner init is `sleep MARKER` (PID 1 of the inner PID namespace).
        using var tree = Process.Start(new ProcessStartInfo("unshare",
            ["--user", "--map-root-user", "--pid", "--fork", "--mount-proc", "--",
             "unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc", "--", "sleep", marker])
        { UseShellExecute = false })!;
        try
        {
            var sleepPid = 0;
            await Eventually.WaitUntilAsync(() => (sleepPid = FindByCmdline($"sleep {marker}")) != 0, Eventually.DefaultDeadline, ct, "nested sleep");
            await using var server = await PacketflixTestServer.StartAsync(ct);
            using var http = new HttpClient();

            var innerUser = Inode(sleepPid, "user");
            var innerPid = Inode(sleepPid, "pid");
            JsonElement inner = default, innerPidNs = default;
            await Eventually.WaitUntilAsync(async c =>
            {
                var doc = await GetAsync(http, server, "/api/namespaces", c);
                return TryFind(doc, "user", innerUser, out inner) && TryFind(doc, "pid", innerPid, out innerPidNs);
            }, Eventually.DefaultDeadline, ct, "inner namespaces listed");
            var document = await GetAsync(http, server, "/api/namespaces", ct);

            // user: inner → outer (no process of its own but the outer unshare) → initial.
            var outerUser = inner.GetProperty("parent").GetUInt64();
            Assert.True(TryFind(document, "user", outerUser, out var outer));
            Assert.False(outer.GetProperty("initial").GetBoolean());
            var initialUser = outer.GetProperty("parent").GetUInt64();
            Assert.True(TryFind(document, "user", initialUser, out var initial));
            Assert.True(initial.GetProperty("initial").GetBoolean());
            Assert.Equal(JsonValueKind.Null, initial.GetProperty("parent").ValueKind);
            Assert.Equal(0u, inner.GetProperty("owner-uid").GetUInt32());
            Assert.Equal("root", inner.GetProperty("owner-user").GetString());
            Assert.Equal(outerUser, inner.GetProperty("user-namespace").GetUInt64());

            // pid: inner → outer → initial, the inner one owned by the inner user namespace, led by the sleep.
            var outerPid = innerPidNs.GetProperty("parent").GetUInt64();
            Assert.True(TryFind(document, "pid", outerPid, out var outerPidNs));
            Assert.True(TryFind(document, "pid", outerPidNs.GetProperty("parent").GetUInt64(), out var initialPid));
            Assert.True(initialPid.GetProperty("initial").GetBoolean());
            Assert.Equal(innerUser, innerPidNs.GetProperty("user-namespace").GetUInt64());
            Assert.Equal(sleepPid, innerPidNs.GetProperty("ealdorman").GetProperty("pid").GetInt32());
            Assert.Contains(marker, innerPidNs.GetProperty("ealdorman").GetProperty("cmdline").GetString(), StringComparison.Ordinal);

            // All eight types are there, each with one initial namespace (time only on kernels that have it).
            foreach (var type in new[] { "cgroup", "ipc", "mnt", "net", "pid", "user", "uts" })
            {
                Assert.Single(document.GetProperty("namespaces").EnumerateArray(),
                    n => n.GetProperty("type").GetString() == type && n.GetProperty("initial").GetBoolean());
            }
        }
        finally
        {
            KillTree(tree);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Mounts_BindMountedMountNamespaceWithOvermount_ReadByJoiningAndHiddenMarked()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var holder = Path.Combine(temp.Path, "holder");
        var file = Path.Combine(holder, "mnt");
        var target = Path.Combine(temp.Path, "over");
        Directory.CreateDirectory(holder);
        Directory.CreateDirectory(target);

        // A persistent mount namespace (unshare --mount=FILE needs a private parent mount) without any process,
        // in which the same directory is mounted twice: the first tmpfs is hidden by the second.
        await Shell.RunCheckedAsync("sh", ["-c", $"""
            mount --bind '{holder}' '{holder}' && mount --make-private '{holder}' && touch '{file}' &&
            unshare --mount='{file}' --propagation private sh -c "mount -t tmpfs pf-under '{target}' && mount -t tmpfs pf-over '{target}'"
            """], ShellTimeout, ct);
        try
        {
            var mntns = ulong.Parse((await Shell.RunCheckedAsync("stat", ["-L", "-c", "%i", file], ShellTimeout, ct)).StdOut.Trim(), CultureInfo.InvariantCulture);
            await using var server = await PacketflixTestServer.StartAsync(ct);
            using var http = new HttpClient();

            var namespaces = await GetAsync(http, server, "/api/namespaces", ct);
            Assert.True(TryFind(namespaces, "mnt", mntns, out var node));
            Assert.Contains(file, node.GetProperty("bind-mounts").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(JsonValueKind.Null, node.GetProperty("ealdorman").ValueKind);

            var mounts = await GetAsync(http, server, $"/api/mounts/{mntns}", ct);
            Assert.False(mounts.GetProperty("partial").GetBoolean());
            var list = mounts.GetProperty("mounts").EnumerateArray().ToList();
            var under = Assert.Single(list, m => m.GetProperty("source").GetString() == "pf-under");
            var over = Assert.Single(list, m => m.GetProperty("source").GetString() == "pf-over");
            Assert.Equal(target, under.GetProperty("mount-point").GetString());
            Assert.Equal("tmpfs", under.GetProperty("fstype").GetString());
            Assert.True(under.GetProperty("hidden").GetBoolean());
            Assert.Equal(over.GetProperty("id").GetInt32(), under.GetProperty("hidden-by").GetInt32());
            Assert.False(over.GetProperty("hidden").GetBoolean());
            Assert.Contains(list, m => m.GetProperty("mount-point").GetString() == "/" && !m.GetProperty("hidden").GetBoolean());

            using var unknown = await http.GetAsync(new Uri(server.BaseUri, "/api/mounts/1"), ct);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/json", unknown.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await Shell.RunAsync("sh", ["-c", $"umount '{file}'; umount '{holder}'"], ShellTimeout, CancellationToken.None);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, PacketflixTestServer server, string path, CancellationToken ct)
    {
        var body = await http.GetStringAsync(new Uri(server.BaseUri, path), ct);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static bool TryFind(JsonElement document, string type, ulong inode, out JsonElement found)
    {
        foreach (var n in document.GetProperty("namespaces").EnumerateArray())
        {
            if (n.GetProperty("type").GetString() == type && n.GetProperty("inode").GetUInt64() == inode)
            {
                found = n;
                return true;
            }
        }

        found = default;
        return false;
    }

    private static ulong Inode(int pid, string type)
    {
        var target = new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget!;
        return ulong.Parse(target[(target.IndexOf('[', StringComparison.Ordinal) + 1)..^1], CultureInfo.InvariantCulture);
    }

    private static int FindByCmdline(string cmdline)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText($"{dir}/cmdline").Replace('\0', ' ').Trim() == cmdline)
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                    // Gone.
                }
            }
        }

        return 0;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
