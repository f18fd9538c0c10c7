using Microsoft.Playwright;

namespace Packetflix.Server.Tests.Ui;

/// <summary>
/// The explorer's contract fixtures (test/data/explorer, the JSON shapes of docs/discovery.md), served to the page
/// through Playwright route interception: the real server endpoints for namespaces, mounts and container details
/// land from the explorer branch, so these tests pin the views to the contract rather than to one server build.
/// </summary>
internal static class ExplorerFixtures
{
    public static string Read(string file) =>
        File.ReadAllText(Path.Combine(CaptureStreamTests.RepositoryRoot(), "test", "data", "explorer", file));

    /// <summary>Answers every request whose URL matches <paramref name="glob"/> with the fixture, as JSON.</summary>
    public static Task ServeAsync(IPage page, string glob, string file, int status = 200)
    {
        var body = Read(file);
        return page.RouteAsync(glob, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = status,
            ContentType = "application/json",
            Body = body,
        }));
    }

    /// <summary>Answers with a 404 and a JSON error, as a service without the endpoint (or an unknown id) does.</summary>
    public static Task NotFoundAsync(IPage page, string glob) =>
        page.RouteAsync(glob, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 404,
            ContentType = "application/json",
            Body = """{"error":"not found"}""",
        }));
}
