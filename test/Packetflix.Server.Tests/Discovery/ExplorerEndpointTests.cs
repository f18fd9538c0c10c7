using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>GET /api/namespaces and /api/mounts/{mntns} against a namespace tree the test builds with unshare(1).</summary>
public sealed class ExplorerEndpointTests
{
    [Fact(Timeout = 90_000)]
    public async Task Namespaces_NestedUserAndPidNamespaces_HierarchyAndFlags()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        using var tree = await NestedNamespaces.StartAsync(ct);
        var sleepPid = tree.SleepPid;
        var marker = tree.Marker;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();

        var innerUser = tree.InnerUser;
        var innerPid = tree.InnerPid;
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

    [Fact(Timeout = 90_000)]
    public async Task Mounts_BindMountedMountNamespaceWithOvermount_ReadByJoiningAndHiddenMarked()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var bound = await BindMountedMountNamespace.CreateAsync(ct);
        var mntns = bound.Inode;
        var file = bound.File;
        var target = bound.Target;
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
}
