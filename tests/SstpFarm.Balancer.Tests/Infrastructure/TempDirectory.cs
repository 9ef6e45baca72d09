namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>A private directory for sockets, keys and certificates, removed at the end of a test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        // Unix socket paths are limited to 107 bytes: keep it short.
        Path = Directory.CreateTempSubdirectory("sfhx").FullName;
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
            // Best effort.
        }
    }
}
