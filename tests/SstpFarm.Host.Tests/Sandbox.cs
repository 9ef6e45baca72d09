using SstpFarm.Host.Cli;

namespace SstpFarm.Host.Tests;

/// <summary>A temporary state directory and an in-process `sstpfarm` whose terminal is captured.</summary>
public sealed class Sandbox : IDisposable
{
    public Sandbox() => Directory = System.IO.Directory.CreateTempSubdirectory("sstpfarm-host-").FullName;

    public string Directory { get; }

    public string StateDir => Path.Combine(Directory, "state");

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string WriteFile(string name, string content)
    {
        string path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<Outcome> RunAsync(string[] args, string? stdin = null, bool terminal = false, params string?[] typed)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var answers = new Queue<string?>(typed);
        var console = new HostConsole(new StringReader(stdin ?? string.Empty), output, error, terminal, _ => answers.Dequeue());
        int exitCode = await SstpFarmCommandLine.InvokeAsync(args, console);
        return new Outcome(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public sealed record Outcome(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
