using System.Net;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Api.Security;

namespace SstpFarm.Api;

/// <summary>
/// How the operator API listens and whom it lets in. Secure by default: loopback only, and a
/// non-loopback endpoint is refused unless it has both TLS and authentication (<see cref="Validate"/>).
/// </summary>
public sealed class ApiServerOptions
{
    /// <summary>gRPC's customary port (issue 5: `--api` defaults to 127.0.0.1:50051).</summary>
    public const int DefaultPort = 50051;

    /// <summary>Where to listen. Port 0 picks a free port (see <see cref="ApiServer.LocalEndPoint"/>).</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>TLS server certificate with its private key (ALPN h2); null: cleartext HTTP/2 (h2c).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Intermediates sent with <see cref="Certificate"/>.</summary>
    public X509Certificate2Collection? CertificateChain { get; set; }

    /// <summary>Bearer tokens (see <see cref="ApiTokenFile"/>); empty: no token authentication.</summary>
    public IReadOnlyList<ApiToken> Tokens { get; set; } = [];

    /// <summary>
    /// CA certificates for client-certificate authentication (needs TLS). A client certificate
    /// that chains to one of them makes the caller admin. Null: no client certificates asked for.
    /// </summary>
    public X509Certificate2Collection? ClientCertificateAuthorities { get; set; }

    /// <summary>gRPC's customary default receive limit (4 MiB): larger requests get RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message (a session list page is far below it).</summary>
    public int MaxSendMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a graceful stop waits for calls in progress (streams are cancelled at once).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool HasAuthentication => Tokens.Count > 0 || ClientCertificateAuthorities is { Count: > 0 };

    /// <summary>What is wrong with these options (empty when they can be used), one sentence each.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (EndPoint.Port is < 0 or > 65535)
        {
            problems.Add($"api endpoint {EndPoint}: port must be 0..65535");
        }

        if (!IPAddress.IsLoopback(EndPoint.Address))
        {
            if (Certificate is null)
            {
                problems.Add($"api endpoint {EndPoint} is not loopback: it needs TLS (api-tls-cert) so that credentials and data are not sent in the clear");
            }

            if (!HasAuthentication)
            {
                problems.Add($"api endpoint {EndPoint} is not loopback: it needs authentication (api-tokens and/or api-client-ca)");
            }
        }

        if (ClientCertificateAuthorities is { Count: > 0 } && Certificate is null)
        {
            problems.Add("client certificates (api-client-ca) need TLS (api-tls-cert)");
        }

        if (Certificate is not null && !Certificate.HasPrivateKey)
        {
            problems.Add("the API's TLS certificate has no private key");
        }

        if (MaxReceiveMessageSize < 1024 || MaxSendMessageSize < 1024)
        {
            problems.Add("message size limits must be at least 1 KiB");
        }

        return problems;
    }
}
