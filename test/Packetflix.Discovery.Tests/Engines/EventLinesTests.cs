using System.Text;
using Packetflix.Discovery.Engines.Docker;

namespace Packetflix.Discovery.Tests.Engines;

public sealed class EventLinesTests
{
    [Fact(Timeout = 10_000)]
    public async Task ReadAsync_Lines_EachWithoutItsNewlineAndTheLastUnterminatedOneToo()
    {
        using var stream = new MemoryStream("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}"u8.ToArray());

        var lines = new List<string>();
        await foreach (var line in EventLines.ReadAsync(stream, TestContext.Current.CancellationToken))
        {
            lines.Add(Encoding.UTF8.GetString(line));
        }

        Assert.Equal(["{\"a\":1}", "", "{\"b\":2}\r", "{\"c\":3}"], lines);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAsync_EndlessLine_IOExceptionAfterAboutTheLimit()
    {
        // A hostile "engine" that sends bytes and never a newline.
        await using var stream = new EndlessStream();

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var line in EventLines.ReadAsync(stream, TestContext.Current.CancellationToken))
            {
                Assert.Fail($"a line of {line.Length} bytes");
            }
        });

        Assert.Contains("a line over 1024 KiB", error.Message, StringComparison.Ordinal);
        Assert.InRange(stream.Served, EventLines.MaxLineBytes, EventLines.MaxLineBytes + (256 * 1024));
    }

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'x');
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
