namespace Packetflix.Core.Tests;

/// <summary>A private temporary directory for one test, removed on dispose.</summary>
internal sealed class TestTempDirectory : IDisposable
{
    public TestTempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("packetflix-core-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail the test.
        }
    }
}
