using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>
/// The lines of Docker's event stream (newline-delimited JSON), none longer than <see cref="MaxLineBytes"/>. Any
/// process named dockerd or podman is probed as an engine, so what answers on its socket may be hostile: a
/// <see cref="StreamReader"/> line grows without bound while no newline comes, and would take the service's memory.
/// A longer line ends the stream with an <see cref="IOException"/>; the watcher reports it and starts over.
/// </summary>
internal static class EventLines
{
    /// <summary>Far more than any real event (a few hundred bytes, a few KiB with many labels).</summary>
    public const int MaxLineBytes = 1024 * 1024;

    public static async IAsyncEnumerable<byte[]> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end).ToArray();
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    yield return line;
                }

                if (buffer.Length > MaxLineBytes)
                {
                    throw new IOException($"engine event stream: a line over {MaxLineBytes / 1024} KiB");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        yield return buffer.ToArray();
                    }

                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
