using System.Diagnostics;
using System.Globalization;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Ui;

/// <summary>
/// A network namespace of the browser's own, holding only a loopback interface, from which one server of the test
/// (Kestrel on the host's 127.0.0.1) is reachable at its own address and port.
/// </summary>
/// <remarks>
/// Why: Chromium follows the interfaces and addresses of its network namespace over rtnetlink and, on every change,
/// fails each request in flight with net::ERR_NETWORK_CHANGED, loopback ones included. On the test host interfaces
/// come and go all the time (docker restart makes a veth, every capture test makes its own), so a page, or one of
/// its script modules, failed to load now and then. Nothing changes inside this namespace. The server is reached
/// through two socat relays joined by a Unix socket, which (unlike a TCP socket) is not bound to a network
/// namespace: one listens on 127.0.0.1:PORT inside the namespace, one connects to 127.0.0.1:PORT outside it, so the
/// URLs (and the links the UI builds from its own origin) stay the same.
/// </remarks>
internal sealed class BrowserNetwork : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory;
    private readonly List<Process> _relays = [];

    private BrowserNetwork(string name, TempDirectory directory)
    {
        Name = name;
        _directory = directory;
        Launcher = directory.File("chromium-in-netns");
    }

    /// <summary>The namespace, as <c>ip netns</c> names it.</summary>
    public string Name { get; }

    /// <summary>An executable that starts Chromium inside the namespace with the arguments it is
    /// given (Playwright's ExecutablePath; Playwright talks to the browser over a pipe, not the network).</summary>
    public string Launcher { get; }

    public static async Task<BrowserNetwork> StartAsync(Uri server, string chromium, CancellationToken cancellationToken)
    {
        Privileged.RequireTool("socat");
        Privileged.RequireTool("ip");
        var network = new BrowserNetwork("pfbr-" + Guid.NewGuid().ToString("N")[..8], new TempDirectory());
        try
        {
            await network.SetUpAsync(server, chromium, cancellationToken);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(Uri server, string chromium, CancellationToken cancellationToken)
    {
        if (!System.Net.IPAddress.TryParse(server.Host, out var address) || !System.Net.IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"the browser reaches loopback servers only, not {server}", nameof(server));
        }

        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var host = server.Host;
        await Shell.RunCheckedAsync("ip", ["netns", "add", Name], CommandTimeout, cancellationToken);
        await Shell.RunCheckedAsync("ip", ["-n", Name, "link", "set", "lo", "up"], CommandTimeout, cancellationToken);
        var socket = _directory.File("server.sock");
        Start("socat", $"UNIX-LISTEN:{socket},fork", $"TCP:{host}:{port}");
        await Eventually.WaitUntilAsync(() => File.Exists(socket), Eventually.DefaultDeadline, cancellationToken, "the host-side relay's socket");
        Start("ip", "netns", "exec", Name, "socat", $"TCP-LISTEN:{port},bind={host},reuseaddr,fork", $"UNIX-CONNECT:{socket}");
        await Eventually.WaitUntilAsync(
            async ct => (await Shell.RunAsync("ip", ["netns", "exec", Name, "ss", "-Hltn", $"sport = :{port}"], CommandTimeout, ct)).StdOut.Trim().Length > 0,
            Eventually.DefaultDeadline, cancellationToken, "the relay listening inside the browser's namespace");
        await File.WriteAllTextAsync(Launcher, $"#!/bin/sh\nexec ip netns exec {Name} {chromium} \"$@\"\n", cancellationToken);
        File.SetUnixFileMode(Launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private void Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardError = false, UseShellExecute = false };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        _relays.Add(process);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            try
            {
                relay.Kill(entireProcessTree: true);
                await relay.WaitForExitAsync(CancellationToken.None).WaitAsync(CommandTimeout);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Best effort: cleanup must never mask the test's own outcome.
            }
            finally
            {
                relay.Dispose();
            }
        }

        try
        {
            await Shell.RunAsync("ip", ["netns", "delete", Name], CommandTimeout, CancellationToken.None);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Best effort, as above.
        }

        _directory.Dispose();
    }
}
