using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Ppp.Lcp;
using SstpFarm.Protocol.Sstp.Client;

namespace SstpFarm.Client;

/// <summary>
/// Everything one SSTP connection needs: where, who, how the server certificate is trusted, and
/// the tuning of each layer. Validated by <see cref="Validate"/> when a session starts.
/// </summary>
public sealed class SstpConnectOptions
{
    /// <summary>Default SSTP port (IANA, MS-SSTP §2.1).</summary>
    public const int DefaultPort = 443;

    /// <summary>Server URL: <c>https://host[:port]</c> or <c>sstp://host[:port]</c>; a path is ignored.</summary>
    public required Uri Server { get; init; }

    public required string UserName { get; init; }

    public required string Password { get; init; }

    /// <summary>
    /// Name for SNI, the HTTP Host header and the certificate name check; default: the URL's host.
    /// Set it when dialling an address whose certificate carries a name.
    /// </summary>
    public string? TargetHost { get; init; }

    /// <summary>Trust anchors (e.g. from a CA PEM file): the server chain must end in one of them. Null: the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>SHA-256 of the leaf certificate's DER (32 bytes): when set, only that certificate is accepted, chain and name are not checked.</summary>
    public byte[]? PinnedCertificateSha256 { get; init; }

    /// <summary>Check that the certificate names <see cref="TargetHost"/> (ignored with a pin). Default true, as Windows does.</summary>
    public bool CheckCertificateName { get; init; } = true;

    /// <summary>
    /// Authentication methods we allow, most preferred first; the server picks (LCP, RFC 1661 §6.2).
    /// EAP (EAP-MSCHAPv2) is opt-in: SoftEther asks for EAP first, offers EAP-TLS, and answers our EAP
    /// Nak with an LCP Protocol-Reject, which ends the link; without EAP we Nak it to MS-CHAPv2 in LCP.
    /// </summary>
    public IReadOnlyList<LcpAuthMethod> AuthMethods { get; init; } = DefaultAuthMethods;

    /// <summary>MS-CHAPv2, CHAP-MD5, PAP (see <see cref="AuthMethods"/> for why EAP is not in the default).</summary>
    public static IReadOnlyList<LcpAuthMethod> DefaultAuthMethods { get; } = [LcpAuthMethod.MsChapV2, LcpAuthMethod.ChapMd5, LcpAuthMethod.Pap];

    /// <summary>Negotiate IPV6CP as well (link-local interface identifiers).</summary>
    public bool EnableIpv6 { get; init; } = true;

    /// <summary>Ask for DNS servers in IPCP (RFC 1877).</summary>
    public bool RequestDns { get; init; } = true;

    /// <summary>From TCP connect to IPCP Opened. Default 60 s, the SSTP negotiation timer.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Received IP packets buffered for <see cref="SstpClientSession.ReceiveAsync"/>; more are dropped (counted).</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    /// <summary>IP packets queued for sending; <see cref="SstpClientSession.TrySend"/> fails and <see cref="SstpClientSession.SendAsync"/> waits when full.</summary>
    public int SendQueueCapacity { get; init; } = 1024;

    /// <summary>SSTP control timers and limits.</summary>
    public SstpClientOptions Sstp { get; init; } = new();

    /// <summary>PPP authentication timers.</summary>
    public PppAuthOptions Auth { get; init; } = new();

    /// <summary>
    /// Opens the TCP connection; default: <see cref="Socket.ConnectAsync(string, int, CancellationToken)"/>.
    /// Tests use it to connect from inside another network namespace.
    /// </summary>
    public Func<string, int, CancellationToken, ValueTask<Socket>>? ConnectSocket { get; init; }

    /// <summary>Receives a line per SSTP control packet and PPP control frame, both directions (debugging); null = off.</summary>
    public Action<string>? Trace { get; init; }

    internal string EffectiveHost => TargetHost ?? Server.IdnHost;

    internal int EffectivePort => Server.IsDefaultPort || Server.Port <= 0 ? DefaultPort : Server.Port;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        if (!Server.IsAbsoluteUri || (Server.Scheme != "https" && Server.Scheme != "sstp") || string.IsNullOrEmpty(Server.Host))
        {
            throw new ArgumentException($"Server must be https://host[:port] or sstp://host[:port], not '{Server}'.", nameof(Server));
        }

        ArgumentException.ThrowIfNullOrEmpty(UserName);
        ArgumentNullException.ThrowIfNull(Password);
        if (PinnedCertificateSha256 is { Length: not 32 })
        {
            throw new ArgumentException("The pin is the 32-byte SHA-256 of the certificate.", nameof(PinnedCertificateSha256));
        }

        if (AuthMethods.Count == 0 || AuthMethods.Contains(LcpAuthMethod.None))
        {
            throw new ArgumentException("Allow at least one authentication method (and not None).", nameof(AuthMethods));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SendQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
    }
}
