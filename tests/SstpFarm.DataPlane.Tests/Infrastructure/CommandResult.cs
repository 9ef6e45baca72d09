namespace SstpFarm.DataPlane.Tests.Infrastructure;

/// <summary>What an external command did.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public CommandResult EnsureSuccess() =>
        ExitCode == 0
            ? this
            : throw new InvalidOperationException($"'{CommandLine}' exited with {ExitCode}: {StandardError.Trim()} {StandardOutput.Trim()}");
}
