using System.Net;

namespace SstpFarm.Host.Options;

/// <summary>
/// The operator API (gRPC) of this node. Default: 127.0.0.1:50051, cleartext, loopback callers only.
/// Exposing it on another address needs TLS and authentication (tokens and/or client certificates).
/// </summary>
public sealed class ApiOptions
{
    /// <summary>Where the API listens; null when switched off (`api off`). Default: loopback, gRPC's customary port.</summary>
    public IPEndPoint? EndPoint { get; set; } = new(IPAddress.Loopback, SstpFarm.Api.ApiServerOptions.DefaultPort);

    /// <summary>True when `api` was given (command line or file); a default endpoint that is taken only warns.</summary>
    public bool EndPointConfigured { get; set; }

    /// <summary>TLS certificate: PEM (with <see cref="TlsKeyPath"/>, or key in the same file) or PKCS#12 (.pfx/.p12, no password).</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Bearer tokens file (Api.Security.ApiTokenFile: NAME ROLE TOKEN per line).</summary>
    public string? TokensFile { get; set; }

    /// <summary>PEM CA certificate(s): client certificates issued by them are admin callers.</summary>
    public string? ClientCaFile { get; set; }
}
