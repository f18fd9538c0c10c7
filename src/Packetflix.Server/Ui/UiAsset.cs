namespace Packetflix.Server.Ui;

/// <summary>One embedded file of the web UI with what its response needs.</summary>
internal sealed record UiAsset(string Path, byte[] Content, string ContentType, string ETag);
