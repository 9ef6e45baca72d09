using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Api.Security;

namespace SstpFarm.Ctl.Grpc;

/// <summary>The HTTP/2 connection settings: TLS trust (a CA file or the system store) and the client certificate.</summary>
internal static class GrpcHandlerFactory
{
    /// <exception cref="CtlUsageException">A certificate file cannot be read.</exception>
    public static SocketsHttpHandler Create(GrpcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
            // Long quiet watch streams: ping so that a dead server is noticed instead of waiting forever.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (options.CertificateAuthorityFile is { } caFile)
        {
            X509Certificate2Collection authorities = LoadAuthorities(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ChainsTo(authorities, certificate, chain, errors);
        }

        if (options.ClientCertificateFile is { } certificateFile)
        {
            X509Certificate2 client = LoadClientCertificate(certificateFile, options.ClientKeyFile);
            handler.SslOptions.ClientCertificates = [client];

            // Send it whatever CA list the server advertises: the server decides whether it is good.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }

        return handler;
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new CtlUsageException($"cannot read the CA file {file}: {e.Message}", e);
        }

        return authorities.Count > 0 ? authorities : throw new CtlUsageException($"the CA file {file} holds no PEM certificate");
    }

    private static X509Certificate2 LoadClientCertificate(string certificateFile, string? keyFile)
    {
        try
        {
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);

            // An ephemeral PEM key cannot be used by every TLS backend; a PKCS#12 round trip makes it a normal one.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new CtlUsageException($"cannot load the client certificate {certificateFile}{(keyFile is null ? string.Empty : " with key " + keyFile)}: {e.Message}", e);
        }
    }

    private static bool ChainsTo(X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // The name must still match the URL's host; only the trust anchor is replaced.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        // The same "chains to one of these CAs, nothing else" rule the API applies to client certificates.
        // TLS owns the certificate it hands us; only a copy made here is disposed here.
        if (certificate is X509Certificate2 leaf)
        {
            return new ClientCertificateValidator(authorities).Check(leaf, presented) is null;
        }

        using X509Certificate2 copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return new ClientCertificateValidator(authorities).Check(copy, presented) is null;
    }
}
