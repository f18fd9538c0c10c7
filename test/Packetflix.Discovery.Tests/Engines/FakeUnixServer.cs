using System.Net.Sockets;
using System.Text;

namespace Packetflix.Discovery.Tests.Engines;

/// <summary>
/// A hostile "engine" socket: accepts connections and either never answers, or answers every HTTP request through
/// <see cref="_respond"/> (path → body, served as 200 application/json; null → 404).
/// </summary>
internal sealed class FakeUnixServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Func<string, string?>? _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _clients = [];
    private readonly Task _accept;

    private FakeUnixServer(string path, Func<string, string?>? respond)
    {
        _respond = respond;
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(16);
        _accept = AcceptAsync();
    }

    /// <summary>Accepts and then stays silent forever.</summary>
    public static FakeUnixServer Silent(string path) => new(path, null);

    public static FakeUnixServer Http(string path, Func<string, string?> respond) => new(path, respond);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        try
        {
            await _accept;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }

            if (_respond is not null)
            {
                _ = ServeAsync(client);
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            var buffer = new byte[8192];
            var request = new StringBuilder();
            while (true)
            {
                var read = await client.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = request.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                request.Remove(0, end + 4);
                var path = text.Split(' ')[1].Split('?')[0];
                var body = _respond!(path);
                var status = body is null ? "404 Not Found" : "200 OK";
                var payload = Encoding.UTF8.GetBytes(body ?? "");
                var head = $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\n\r\n";
                await client.SendAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await client.SendAsync(payload, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Client or server gone.
        }
    }
}
