using System.Reflection;
using System.Security.Cryptography;

namespace Packetflix.Server.Ui;

/// <summary>
/// The web UI's files, embedded in the server assembly from <c>wwwroot/</c> (the csproj gives them logical names
/// <c>wwwroot/&lt;path&gt;</c>), so the single published binary serves the UI with no files beside it and no
/// build step. Loaded once; each file gets a content hash as its ETag.
/// </summary>
internal sealed class UiAssets
{
    private const string ResourcePrefix = "wwwroot/";

    private readonly Dictionary<string, UiAsset> _assets = new(StringComparer.Ordinal);

    public UiAssets()
        : this(typeof(UiAssets).Assembly)
    {
    }

    public UiAssets(Assembly assembly)
    {
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..20] + "\"";
            _assets[path] = new UiAsset(path, content, ContentTypeOf(path), etag);
        }
    }

    /// <summary>Paths relative to wwwroot, such as <c>index.html</c> and <c>ui/app.js</c>.</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    public UiAsset? Find(string path) => _assets.GetValueOrDefault(path);

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
