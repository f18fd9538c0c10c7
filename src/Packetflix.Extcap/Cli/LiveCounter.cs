using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>A one-line packets/bytes/drops counter on stderr, only when stderr is a terminal.</summary>
internal sealed class LiveCounter : IDisposable
{
    private readonly PcapngBlockSink _sink;
    private readonly Timer _timer;

    private LiveCounter(PcapngBlockSink sink)
    {
        _sink = sink;
        _timer = new Timer(_ => Print(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    public static LiveCounter? Start(PcapngBlockSink sink) => Console.IsErrorRedirected ? null : new LiveCounter(sink);

    public void Finish()
    {
        _timer.Dispose();
        Print();
        Console.Error.WriteLine();
    }

    public void Dispose() => _timer.Dispose();

    private void Print() =>
        Console.Error.Write($"\r{_sink.Packets} packets, {_sink.Bytes} bytes, {_sink.Drops} dropped ");
}
