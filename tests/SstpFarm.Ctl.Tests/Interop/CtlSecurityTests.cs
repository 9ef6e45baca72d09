namespace SstpFarm.Ctl.Tests.Interop;

/// <summary>sstpfarmctl's bearer tokens and TLS (server CA, client certificates) against @grpc/grpc-js servers.</summary>
public sealed class CtlSecurityTests
{
    [Fact]
    public async Task A_token_server_denies_missing_and_wrong_tokens_with_exit_4()
    {
        using GrpcJsServer server = await GrpcJsServer.StartAsync(new { token = "s3cr3t" });
        CtlRun missing = await CtlRun.RunAsync(["--server", server.Http, "nodes", "list"]);
        Assert.True(missing.ExitCode == 4, missing.ToString());
        Assert.Contains("UNAUTHENTICATED: credentials required", missing.Stderr, StringComparison.Ordinal);

        CtlRun wrong = await CtlRun.RunAsync(["--server", server.Http, "--token", "guess", "nodes", "list"]);
        Assert.True(wrong.ExitCode == 4, wrong.ToString());

        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "s3cr3t\n");
            CtlRun fromFile = await CtlRun.RunAsync(["--server", server.Http, "--token-file", file, "nodes", "list"]);
            Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(
            [null, "Bearer guess", "Bearer s3cr3t"],
            server.Calls("/sstpfarm.v1.NodeService/ListNodes").Select(c => c.GetProperty("authorization").GetString()));
    }

    [Fact]
    public async Task Bad_credentials_options_are_usage_errors_without_a_call()
    {
        CtlRun cleartext = await CtlRun.RunAsync(["--server", "http://192.0.2.1:50051", "--token", "t", "nodes", "list"]);
        Assert.True(cleartext.ExitCode == 2, cleartext.ToString());
        Assert.Contains("refusing to send a bearer token in cleartext", cleartext.Stderr, StringComparison.Ordinal);

        CtlRun noFile = await CtlRun.RunAsync(["--token-file", "/nonexistent/token", "nodes", "list"]);
        Assert.True(noFile.ExitCode == 2, noFile.ToString());

        CtlRun noCa = await CtlRun.RunAsync(["--server", "https://127.0.0.1:1", "--ca-file", "/nonexistent/ca.pem", "nodes", "list"]);
        Assert.True(noCa.ExitCode == 2, noCa.ToString());
    }

    [Fact]
    public async Task Tls_is_trusted_through_the_ca_file_only()
    {
        using TestCertificates certificates = await TestCertificates.CreateAsync();
        using GrpcJsServer server = await GrpcJsServer.StartAsync(new { tls = new { ca = certificates.CaCertificate, cert = certificates.ServerCertificate, key = certificates.ServerKey } });
        string https = $"https://127.0.0.1:{server.Port}";

        CtlRun trusted = await CtlRun.RunAsync(["--server", https, "--ca-file", certificates.CaCertificate, "--json", "nodes", "get", "n1"]);
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.Equal("n1", Assert.Single(trusted.JsonLines).GetProperty("nodeId").GetString());

        // The system store does not know the test CA.
        CtlRun untrusted = await CtlRun.RunAsync(["--server", https, "nodes", "get", "n1"]);
        Assert.True(untrusted.ExitCode == 5, untrusted.ToString());
        Assert.Contains("UNAVAILABLE", untrusted.Stderr, StringComparison.Ordinal);

        // Cleartext HTTP/2 to a TLS port fails as a connection problem, not a hang.
        CtlRun cleartext = await CtlRun.RunAsync(["--server", server.Http, "--timeout", "10s", "nodes", "get", "n1"]);
        Assert.True(cleartext.ExitCode == 5, cleartext.ToString());
    }

    [Fact]
    public async Task A_server_asking_for_client_certificates_gets_ours()
    {
        using TestCertificates certificates = await TestCertificates.CreateAsync();
        using GrpcJsServer server = await GrpcJsServer.StartAsync(new { tls = new { ca = certificates.CaCertificate, cert = certificates.ServerCertificate, key = certificates.ServerKey, clientCerts = true } });
        string https = $"https://localhost:{server.Port}";

        CtlRun withCertificate = await CtlRun.RunAsync(["--server", https, "--ca-file", certificates.CaCertificate, "--cert", certificates.ClientCertificate, "--key", certificates.ClientKey, "health"]);
        Assert.True(withCertificate.ExitCode == 0, withCertificate.ToString());
        Assert.Equal("SERVING", withCertificate.Stdout.Trim());

        CtlRun without = await CtlRun.RunAsync(["--server", https, "--ca-file", certificates.CaCertificate, "--timeout", "10s", "health"]);
        Assert.True(without.ExitCode == 5, without.ToString());
    }
}
