namespace Packetflix.Server.Tls;

/// <summary>What tells a changed file apart: size and modification time (a missing file has length -1).</summary>
internal readonly record struct FileStamp(long Length, DateTime Modified)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : new FileStamp(-1, default);
    }
}
