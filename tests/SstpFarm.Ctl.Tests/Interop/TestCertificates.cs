using System.Diagnostics;

namespace SstpFarm.Ctl.Tests.Interop;

/// <summary>A throwaway CA, a server certificate for 127.0.0.1/localhost and a client certificate, made by openssl in a temp folder (deleted on dispose).</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaCertificate => Path.Combine(Folder, "ca.pem");

    public string ServerCertificate => Path.Combine(Folder, "server.pem");

    public string ServerKey => Path.Combine(Folder, "server.key");

    public string ClientCertificate => Path.Combine(Folder, "client.pem");

    public string ClientKey => Path.Combine(Folder, "client.key");

    public static async Task<TestCertificates> CreateAsync()
    {
        var certificates = new TestCertificates(Directory.CreateTempSubdirectory("sstpfarmctl-tls-").FullName);
        try
        {
            await certificates.OpensslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=sstpfarmctl test CA");
            await certificates.IssueAsync("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            await certificates.IssueAsync("client", "/CN=operator", "extendedKeyUsage=clientAuth\n");
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private async Task IssueAsync(string name, string subject, string extensions)
    {
        await File.WriteAllTextAsync(Path.Combine(Folder, name + ".ext"), extensions);
        await OpensslAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        await OpensslAsync("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private async Task OpensslAsync(params string[] args)
    {
        var start = new ProcessStartInfo("openssl", args)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', args)}: {await stderr}");
        }
    }
}
