namespace Packetflix.Server.Auth;

/// <summary>Bytes sent to one client, shared by the counting wrappers of its response.</summary>
internal sealed class ByteCounter
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long count) => Interlocked.Add(ref _bytes, count);
}
