using System.CommandLine;
using SstpFarm.Ctl.Grpc;

namespace SstpFarm.Ctl;

/// <summary>The options every command takes: where the API is, how to authenticate, how to print.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:50051";
    public const string ServerVariable = "SSTPFARM_SERVER";
    public const string TokenVariable = "SSTPFARM_TOKEN";

    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = $"The API: http://HOST:PORT (cleartext HTTP/2) or https://HOST:PORT (TLS) [default: ${ServerVariable}, else the local node {DefaultServer}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine output: each response as one JSON object on one line (proto3 JSON mapping)",
        Recursive = true,
    };

    public Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call, e.g. 500ms, 10s, 2m [default: 30s; none for sessions watch]",
        HelpName = "DURATION",
        Recursive = true,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (Durations.TryParse(text, out TimeSpan timeout))
            {
                return timeout;
            }

            result.AddError($"--timeout: '{text}' is not a duration such as 500ms, 10s or 2m");
            return null;
        },
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token (other local users can see it in the process list: prefer --token-file or ${TokenVariable})",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<FileInfo?> TokenFile { get; } = new("--token-file")
    {
        Description = "File whose first line is the bearer token",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<FileInfo?> CaFile { get; } = new("--ca-file")
    {
        Description = "PEM CA certificate(s) the server's certificate must chain to [default: the system trust store]",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<FileInfo?> Certificate { get; } = new("--cert")
    {
        Description = "PEM client certificate for mutual TLS",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<FileInfo?> Key { get; } = new("--key")
    {
        Description = "PEM private key of --cert [default: in the --cert file]",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<int> MaxMessageSize { get; } = new("--max-message-size")
    {
        Description = "Largest response message accepted, in bytes",
        HelpName = "BYTES",
        Recursive = true,
        DefaultValueFactory = _ => GrpcClientOptions.DefaultMaxReceiveMessageSize,
    };

    public GlobalOptions()
    {
        MaxMessageSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1024)
            {
                result.AddError("--max-message-size must be at least 1024");
            }
        });
    }

    public void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (Option option in new Option[] { Server, Json, Timeout, Token, TokenFile, CaFile, Certificate, Key, MaxMessageSize })
        {
            root.Options.Add(option);
        }
    }
}
