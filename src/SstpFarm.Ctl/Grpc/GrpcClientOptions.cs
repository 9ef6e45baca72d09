namespace SstpFarm.Ctl.Grpc;

/// <summary>Where the API is and how to reach it.</summary>
internal sealed class GrpcClientOptions
{
    /// <summary>The API's customary receive limit; a session page is far below it.</summary>
    public const int DefaultMaxReceiveMessageSize = 16 * 1024 * 1024;

    /// <summary><c>http://host:port</c> (cleartext HTTP/2, h2c) or <c>https://host:port</c> (TLS, ALPN h2).</summary>
    public required Uri Server { get; init; }

    /// <summary>Sent as <c>authorization: Bearer TOKEN</c> on every call; null: none.</summary>
    public string? BearerToken { get; init; }

    /// <summary>PEM file of the CA(s) the server's certificate must chain to; null: the system's trust store.</summary>
    public string? CertificateAuthorityFile { get; init; }

    /// <summary>PEM client certificate for mutual TLS; null: none.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>; null: the key is in the certificate file.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>A response message declaring more bytes than this ends the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; init; } = DefaultMaxReceiveMessageSize;

    /// <summary>How long connecting (TCP and TLS) may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
