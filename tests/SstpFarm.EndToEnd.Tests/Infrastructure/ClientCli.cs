using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SstpFarm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// `sstpfarm-client connect` as a process under `ip netns exec` in the client namespace: a TUN device with the
/// assigned address there, so ordinary kernel sockets in that namespace use the tunnel. Disposing sends
/// SIGTERM (a clean hang-up) and waits for the exit.
/// </summary>
public sealed class ClientCli : IDisposable
{
    private readonly Process _process;
    private readonly string _work;

    private ClientCli(Process process, string work, string tun)
    {
        _process = process;
        _work = work;
        Tun = tun;
    }

    public static string Dll => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/SstpFarm.Client.Cli/bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0/sstpfarm-client.dll"));

    public string Tun { get; }

    /// <summary>The first JSON line ("connected") once it came.</summary>
    public JsonNode? Connected { get; private set; }

    public string StandardError => File.Exists(Path.Combine(_work, "err")) ? File.ReadAllText(Path.Combine(_work, "err")) : string.Empty;

    public string StandardOutput => File.Exists(Path.Combine(_work, "out")) ? File.ReadAllText(Path.Combine(_work, "out")) : string.Empty;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the CLI and waits (up to 60 s) for its "connected" line; check <see cref="Connected"/>.</summary>
    public static async Task<ClientCli> ConnectAsync(EndToEndNetwork network, string tun)
    {
        ArgumentNullException.ThrowIfNull(network);
        string work = Directory.CreateTempSubdirectory("e2e-cli").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "password"), EndToEndNetwork.Password);
        string ca = Path.Combine(work, "ca.pem");
        await File.WriteAllTextAsync(ca, network.Certificates.Ca.ExportCertificatePem());
        // exec keeps one pid from sh to the CLI, so SIGTERM reaches the CLI itself.
        string command = $"exec ip netns exec {network.Topology.Client.Name} dotnet {Dll} connect https://{network.NodeEndPoint} --user {EndToEndNetwork.User} --password-stdin "
            + $"--ca {ca} --host {EndToEndNetwork.ServerName} --tun {tun} --prefix 32 --json < {work}/password > {work}/out 2> {work}/err";
        var cli = new ClientCli(Process.Start("/bin/sh", ["-c", command]), work, tun);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !cli.HasExited)
        {
            string[] lines = File.Exists(Path.Combine(work, "out")) ? await File.ReadAllLinesAsync(Path.Combine(work, "out")) : [];
            if (lines.Length > 0)
            {
                cli.Connected = JsonNode.Parse(lines[0]);
                break;
            }

            await Task.Delay(100);
        }

        return cli;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                kill.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_work, recursive: true);
        }
    }
}
