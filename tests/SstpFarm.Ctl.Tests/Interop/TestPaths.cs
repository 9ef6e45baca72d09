namespace SstpFarm.Ctl.Tests.Interop;

/// <summary>Where the repository's proto/ and tests/grpc-js are, and the built sstpfarmctl.</summary>
internal static class TestPaths
{
    public static string Repository { get; } = FindRepository();

    public static string Protos => Path.Combine(Repository, "proto");

    public static string NodeModules => Path.Combine(Repository, "tests", "grpc-js", "node_modules");

    /// <summary>The CLI as built next to the tests (a project reference copies it with its runtimeconfig).</summary>
    public static string CtlDll => Path.Combine(AppContext.BaseDirectory, "sstpfarmctl.dll");

    private static string FindRepository()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "proto", "sstpfarm", "v1")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no proto/sstpfarm/v1 above {AppContext.BaseDirectory}");
    }
}
