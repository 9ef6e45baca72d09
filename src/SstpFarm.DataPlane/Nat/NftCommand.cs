using System.ComponentModel;
using System.Diagnostics;

namespace SstpFarm.DataPlane.Nat;

/// <summary>Runs <c>nft</c> (Debian package nftables) with a script on standard input.</summary>
internal static class NftCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <c>nft [arguments]</c>, feeding <paramref name="script"/> on stdin when given;
    /// returns stdout or throws <see cref="NftablesException"/>. Runs on the calling thread, so
    /// it acts on the calling thread's network namespace.</summary>
    public static string Run(string nftPath, string? script, params string[] arguments)
    {
        string commandLine = $"{nftPath} {string.Join(' ', arguments)}";
        var info = new ProcessStartInfo(nftPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new NftablesException(commandLine, -1, "could not start");
        }
        catch (Win32Exception e)
        {
            throw new NftablesException(commandLine, -1, $"could not start ({e.Message}); install the Debian package 'nftables'");
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (script is not null)
            {
                process.StandardInput.Write(script);
            }

            process.StandardInput.Close();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                throw new NftablesException(commandLine, -1, $"did not finish within {Timeout}");
            }

            // The process has exited, so both pipe reads complete: no deadlock.
#pragma warning disable VSTHRD002
            string output = stdout.GetAwaiter().GetResult();
            string error = stderr.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
            return process.ExitCode == 0 ? output : throw new NftablesException(commandLine, process.ExitCode, error);
        }
    }
}
