using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Ui;

/// <summary>
/// Serves <c>GET /json</c> in the discovery shape the UI is built against, from a real <see cref="FakeContainer"/>,
/// its veth peer namespace and the host's interfaces. A stand-in until the discovery endpoint lands; it runs
/// before the service's own dispatch, so it also works without <c>--proxy-discovery</c>.
/// </summary>
internal sealed class FakeDiscoveryJson : IStartupFilter
{
    private readonly string _json;

    public FakeDiscoveryJson(string json) => _json = json;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path == "/json")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(_json, context.RequestAborted);
                return;
            }

            await nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>The container as a docker container named <paramref name="name"/> with eth0 (veth to the peer
    /// namespace) and lo; the peer namespace as a bind mount; the host namespace with its real interfaces.</summary>
    public static async Task<string> BuildAsync(FakeContainer container, string name, CancellationToken cancellationToken)
    {
        var peerMount = $"/run/netns/{container.PeerNetnsName}";
        var peerInode = await StatInodeAsync(peerMount, cancellationToken);
        var hostInode = await StatInodeAsync("/proc/self/ns/net", cancellationToken);
        const int ContainerEth0 = 2;
        const int PeerEth0 = 2;

        var containerNs = Namespace(container.NetnsInode, false, [],
            [
                new JsonObject
                {
                    ["name"] = name,
                    ["type"] = "docker",
                    ["prefix"] = "",
                    ["container-id"] = "0123456789ab",
                    ["state"] = "running",
                    ["pid"] = container.Pid,
                    ["starttime"] = container.StartTime,
                    ["labels"] = new JsonObject(),
                    ["pod"] = null,
                },
            ],
            [
                Interface("eth0", ContainerEth0, "veth", "UP", (peerInode, PeerEth0, "eth0"), FakeContainer.ContainerAddress, 24),
                Interface("lo", 1, "", "UNKNOWN", null, "127.0.0.1", 8),
            ]);
        var peerNs = Namespace(peerInode, false, [peerMount], [],
            [
                Interface("eth0", PeerEth0, "veth", "UP", (container.NetnsInode, ContainerEth0, "eth0"), FakeContainer.PeerAddress, 24),
                Interface("lo", 1, "", "UNKNOWN", null, "127.0.0.1", 8),
            ]);
        var hostNs = Namespace(hostInode, true, [], [], HostInterfaces());
        var root = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["creator-id"] = "packetflix",
                ["creator-version"] = "test",
                ["creation-timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["hostname"] = Environment.MachineName,
                ["kernel-version"] = Environment.OSVersion.Version.ToString(),
            },
            ["engines"] = new JsonArray(),
            ["network-namespaces"] = new JsonArray(containerNs, peerNs, hostNs),
        };
        return root.ToJsonString();
    }

    private static JsonObject Namespace(ulong inode, bool initial, string[] mounts, JsonObject[] containers, JsonObject[] interfaces) => new()
    {
        ["netns"] = inode,
        ["initial"] = initial,
        ["bind-mounts"] = new JsonArray([.. mounts.Select(m => (JsonNode)JsonValue.Create(m))]),
        ["containers"] = new JsonArray([.. containers]),
        ["network-interfaces"] = new JsonArray([.. interfaces]),
    };

    private static JsonObject Interface(string name, int index, string kind, string operstate, (ulong Netns, int Index, string Name)? peer,
        string? ipv4, int prefixLength)
    {
        var v4 = new JsonArray();
        if (ipv4 is not null)
        {
            v4.Add(new JsonObject { ["address"] = ipv4, ["prefixlen"] = prefixLength });
        }

        return new JsonObject
        {
            ["name"] = name,
            ["index"] = index,
            ["kind"] = kind,
            ["operstate"] = operstate,
            ["mac"] = name == "lo" ? "00:00:00:00:00:00" : "02:00:0a:e8:00:" + index.ToString("x2", CultureInfo.InvariantCulture),
            ["mtu"] = name == "lo" ? 65536 : 1500,
            ["master"] = null,
            ["peer"] = peer is { } p ? new JsonObject { ["netns"] = p.Netns, ["index"] = p.Index, ["name"] = p.Name } : null,
            ["addresses"] = new JsonObject { ["ipv4"] = v4, ["ipv6"] = new JsonArray() },
        };
    }

    /// <summary>The test host's own interfaces from sysfs (sysfs-class-net(5)), without addresses.</summary>
    private static JsonObject[] HostInterfaces()
    {
        var result = new List<JsonObject>();
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/sys/class/net").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            var index = int.Parse(ReadSys(dir, "ifindex") ?? "0", CultureInfo.InvariantCulture);
            var kind = System.IO.Directory.Exists(Path.Combine(dir, "bridge")) ? "bridge" : "";
            var state = (ReadSys(dir, "operstate") ?? "unknown").ToUpperInvariant();
            result.Add(Interface(name, index, kind, state, null, name == "lo" ? "127.0.0.1" : null, 8));
        }

        return [.. result];
    }

    private static string? ReadSys(string dir, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, file)).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<ulong> StatInodeAsync(string path, CancellationToken cancellationToken)
    {
        var result = await Shell.RunCheckedAsync("stat", ["-L", "-c", "%i", path], TimeSpan.FromSeconds(20), cancellationToken);
        return ulong.Parse(result.StdOut.Trim(), CultureInfo.InvariantCulture);
    }
}
