using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SstpFarm.DataPlane.Auth;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.ProxyProtocol;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Sstp.Http;
using SstpFarm.Protocol.Sstp.Server;

namespace SstpFarm.DataPlane.Node;

/// <summary>
/// Everything one <see cref="SstpNode"/> needs to know: listener, TLS, handshake limits, addresses,
/// TUN, sessions and authentication. Each default names where it comes from. Range checks happen in the
/// setters; rules that involve several values in <see cref="Validate"/>, which <see cref="SstpNode"/>
/// calls before it starts. <see cref="ToString"/> lists every value with secrets redacted.
/// </summary>
public sealed class SstpNodeOptions
{
    private TimeSpan _handshakeTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _proxyProtocolTimeout = TimeSpan.FromSeconds(3);
    private TimeSpan _shutdownTimeout = TimeSpan.FromSeconds(5);
    private TimeSpan _heartbeatInterval = TimeSpan.FromMilliseconds(250);
    private int _mtu = 1400;
    private int _sessionQueueCapacity = 1024;
    private int _maxSessions = 10_000;
    private int _maxPendingHandshakes = 512;
    private int _tunQueueCount = Math.Min(Environment.ProcessorCount, 8);
    private int _tunnelPrefixLength = 24;
    private int _listenBacklog = 512;

    /// <summary>
    /// Where clients connect. Default [::]:443, dual-stack (IPv4 clients arrive as mapped addresses):
    /// SSTP is HTTPS on TCP 443 (MS-SSTP §2.1).
    /// </summary>
    public IPEndPoint ListenEndPoint { get; set; } = new(IPAddress.IPv6Any, 443);

    /// <summary>Accept queue length passed to listen(2). Default 512: bursts of reconnecting clients after a node restart.</summary>
    public int ListenBacklog { get => _listenBacklog; set => _listenBacklog = InRange(value, 1, 65535); }

    /// <summary>
    /// The network namespace (e.g. /var/run/netns/NAME) to create the listening socket and the TUN device
    /// in; null = the process's own. Used by tests and by deployments that keep clients in a namespace.
    /// </summary>
    public string? NetworkNamespacePath { get; set; }

    /// <summary>Terminate TLS here (default). False when a balancer in front terminates it; then set <see cref="CertificateHashSha256"/>.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>
    /// The server certificate with its private key. Required when <see cref="UseTls"/>. Change it at runtime
    /// with <see cref="SstpNode.UpdateCertificate"/>.
    /// </summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Intermediate certificates sent after the leaf (the rest of the PEM full chain); may be empty.</summary>
    public X509Certificate2Collection? CertificateChain { get; set; }

    /// <summary>
    /// Without TLS: SHA-256 of the certificate the clients see (at the balancer). Crypto binding hashes that
    /// certificate (MS-SSTP §3.3.3), so the node must be told it.
    /// </summary>
    public byte[]? CertificateHashSha256 { get; set; }

    /// <summary>Without TLS: SHA-1 of that certificate, for clients that bind with SHA-1 (optional).</summary>
    public byte[]? CertificateHashSha1 { get; set; }

    /// <summary>PROXY protocol header expected in front of the client's bytes. Default off: trusting it from anyone lets clients forge their address.</summary>
    public ProxyProtocolMode ProxyProtocol { get; set; } = ProxyProtocolMode.Off;

    /// <summary>
    /// Time for a complete PROXY header after accept. 3 s: HAProxy sends it in the first segment, so only a
    /// broken or hostile peer needs more than a round trip.
    /// </summary>
    public TimeSpan ProxyProtocolTimeout { get => _proxyProtocolTimeout; set => _proxyProtocolTimeout = Positive(value); }

    /// <summary>PROXY header size limits (defaults in <see cref="ProxyProtocolLimits"/>).</summary>
    public ProxyProtocolLimits ProxyProtocolLimits { get; set; } = new();

    /// <summary>
    /// From accept to a complete SSTP HTTP request, TLS handshake included. 10 s: design.md §6 asks for a
    /// bound on every pre-authentication stage; real clients need well under a second (Host default too).
    /// </summary>
    public TimeSpan HandshakeTimeout { get => _handshakeTimeout; set => _handshakeTimeout = Positive(value); }

    /// <summary>HTTP request head limits (defaults in <see cref="SstpHttpLimits"/>).</summary>
    public SstpHttpLimits HttpLimits { get; set; } = new();

    /// <summary>Server header of HTTP answers. Default: the value of the MS-SSTP §4.1 sample, so probes learn nothing.</summary>
    public string HttpServerHeader { get; set; } = SstpHttpConstants.SampleServerHeader;

    /// <summary>SSTP call-control timers (negotiation, Hello, abort/disconnect; defaults in <see cref="SstpServerOptions"/>).</summary>
    public SstpServerOptions Sstp { get; set; } = new();

    /// <summary>
    /// The server's end of every PPP link (IPCP), also the TUN device's address. Required. Pings to it from
    /// a client are answered by the kernel.
    /// </summary>
    public IPAddress? ServerTunnelAddress { get; set; }

    /// <summary>
    /// Prefix length of <see cref="ServerTunnelAddress"/> on the TUN device, so that the kernel routes the
    /// whole pool into it. Default 24; set it to the pool's prefix.
    /// </summary>
    public int TunnelPrefixLength { get => _tunnelPrefixLength; set => _tunnelPrefixLength = InRange(value, 1, 32); }

    /// <summary>DNS servers pushed to clients in IPCP (RFC 1877; the first two are used). Default none.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; set; } = [];

    /// <summary>Negotiate IPV6CP (link-local interface identifiers, RFC 5072). Default true.</summary>
    public bool EnableIpv6 { get; set; } = true;

    /// <summary>TUN device name. Default "sstp0" (design.md: one multi-queue device per node).</summary>
    public string TunName { get; set; } = "sstp0";

    /// <summary>TUN queues (one reader thread each). Default: one per CPU, at most 8.</summary>
    public int TunQueueCount { get => _tunQueueCount; set => _tunQueueCount = InRange(value, 1, 256); }

    /// <summary>
    /// Tunnel MTU: TUN link MTU, the MRU we announce, and the MSS clamp (MTU − 40 / − 60). 1400: what Windows
    /// uses for SSTP (interop.md §G.42). 576..4087: RFC 791 minimum; largest PPP Information in an SSTP packet.
    /// </summary>
    public int Mtu { get => _mtu; set => _mtu = InRange(value, 576, 4087); }

    /// <summary>
    /// Packets from TUN waiting for one session's writer; more are dropped and counted (TCP-over-TCP:
    /// dropping beats buffering, design.md §5). 1024 ≈ 1.4 MB at 1400 bytes: about 10 ms at 1 Gbit/s.
    /// </summary>
    public int SessionQueueCapacity { get => _sessionQueueCapacity; set => _sessionQueueCapacity = InRange(value, 16, 65536); }

    /// <summary>Sessions at once; more connections get 503. Default 10 000, as the Host's default.</summary>
    public int MaxSessions { get => _maxSessions; set => _maxSessions = InRange(value, 1, 1_000_000); }

    /// <summary>
    /// Connections still in PROXY/TLS/HTTP handshake at once; more are closed at accept (design.md §6,
    /// half-open limit). 512: a full TLS handshake costs ~1 ms of CPU, so 512 is a generous backlog.
    /// </summary>
    public int MaxPendingHandshakes { get => _maxPendingHandshakes; set => _maxPendingHandshakes = InRange(value, 1, 100_000); }

    /// <summary>
    /// PPP authentication methods offered, most preferred first. Default MS-CHAPv2 only: the only one whose
    /// keys feed crypto binding; PAP binds with a zero key and CHAP-MD5 needs a reversible secret.
    /// </summary>
    public IReadOnlyList<AuthMethod> AuthMethods { get; set; } = [AuthMethod.MsChapV2];

    /// <summary>PPP authentication timers and texts (defaults in <see cref="PppAuthOptions"/>).</summary>
    public PppAuthOptions PppAuth { get; set; } = new();

    /// <summary>Backoff after failed logins per user and per source address.</summary>
    public AuthFailureLimiterOptions AuthFailureLimits { get; set; } = new();

    /// <summary>LCP Echo keepalive interval in ms; 0 (default) leaves dead-peer detection to SSTP Hello (MS-SSTP §3.1.2.3).</summary>
    public int LcpEchoIntervalMs { get; set; }

    /// <summary>Id written into leases and session records. Default "local" (the in-memory control plane's default).</summary>
    public string NodeId { get; set; } = "local";

    /// <summary>Graceful stop: how long to wait for sessions after sending Call Disconnect. 5 s = DISCONNECT_STATE_TIMER_1 (MS-SSTP §3.1.2.2).</summary>
    public TimeSpan ShutdownTimeout { get => _shutdownTimeout; set => _shutdownTimeout = Positive(value); }

    /// <summary>Period of the one timer that drives every session's deadlines (style.md item 8). 250 ms: Kestrel's heartbeat is 1 s; SSTP timers are seconds.</summary>
    public TimeSpan HeartbeatInterval
    {
        get => _heartbeatInterval;
        set => _heartbeatInterval = value >= TimeSpan.FromMilliseconds(10) && value <= TimeSpan.FromSeconds(5)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "HeartbeatInterval must be between 10 ms and 5 s.");
    }

    /// <summary>Problems that prevent a start: empty when the options can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ListenEndPoint is null)
        {
            errors.Add("ListenEndPoint: required");
        }

        if (UseTls)
        {
            if (Certificate is null)
            {
                errors.Add("Certificate: required when UseTls is true");
            }
            else if (!Certificate.HasPrivateKey)
            {
                errors.Add("Certificate: has no private key");
            }
        }
        else if (CertificateHashSha256 is null && CertificateHashSha1 is null)
        {
            errors.Add("CertificateHashSha256: required when UseTls is false (crypto binding needs the hash of the certificate the clients see)");
        }

        CheckHash(errors, nameof(CertificateHashSha256), CertificateHashSha256, SstpCryptoBinding.Sha256Length);
        CheckHash(errors, nameof(CertificateHashSha1), CertificateHashSha1, SstpCryptoBinding.Sha1Length);

        if (ServerTunnelAddress is null)
        {
            errors.Add("ServerTunnelAddress: required (the server's end of every PPP link)");
        }
        else if (ServerTunnelAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            errors.Add($"ServerTunnelAddress: {ServerTunnelAddress} is not IPv4");
        }

        foreach (IPAddress dns in DnsServers ?? [])
        {
            if (dns.AddressFamily != AddressFamily.InterNetwork)
            {
                errors.Add($"DnsServers: {dns} is not IPv4 (IPCP carries IPv4 DNS addresses)");
            }
        }

        if (string.IsNullOrEmpty(TunName) || Encoding.UTF8.GetByteCount(TunName) > 15)
        {
            errors.Add("TunName: 1..15 bytes");
        }

        if (AuthMethods is null || AuthMethods.Count == 0)
        {
            errors.Add("AuthMethods: at least one method");
        }
        else if (AuthMethods.Distinct().Count() != AuthMethods.Count)
        {
            errors.Add("AuthMethods: listed twice");
        }

        if (LcpEchoIntervalMs is < 0 or > 600_000)
        {
            errors.Add("LcpEchoIntervalMs: 0..600000");
        }

        if (string.IsNullOrEmpty(NodeId))
        {
            errors.Add("NodeId: required");
        }

        return errors;
    }

    /// <summary>Every value, one per line; the certificate appears as its subject and thumbprint only.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, nameof(ListenEndPoint), ListenEndPoint);
        Append(text, nameof(NetworkNamespacePath), NetworkNamespacePath);
        Append(text, nameof(UseTls), UseTls);
        Append(text, nameof(Certificate), Certificate is null ? null : $"{Certificate.Subject} (SHA-256 {Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)})");
        Append(text, nameof(CertificateChain), CertificateChain?.Count);
        Append(text, nameof(CertificateHashSha256), CertificateHashSha256 is null ? null : Convert.ToHexString(CertificateHashSha256));
        Append(text, nameof(CertificateHashSha1), CertificateHashSha1 is null ? null : Convert.ToHexString(CertificateHashSha1));
        Append(text, nameof(ProxyProtocol), ProxyProtocol);
        Append(text, nameof(ProxyProtocolTimeout), ProxyProtocolTimeout);
        Append(text, nameof(HandshakeTimeout), HandshakeTimeout);
        Append(text, nameof(HttpLimits), HttpLimits);
        Append(text, nameof(ServerTunnelAddress), ServerTunnelAddress);
        Append(text, nameof(TunnelPrefixLength), TunnelPrefixLength);
        Append(text, nameof(DnsServers), string.Join(", ", DnsServers ?? []));
        Append(text, nameof(EnableIpv6), EnableIpv6);
        Append(text, nameof(TunName), TunName);
        Append(text, nameof(TunQueueCount), TunQueueCount);
        Append(text, nameof(Mtu), Mtu);
        Append(text, nameof(SessionQueueCapacity), SessionQueueCapacity);
        Append(text, nameof(MaxSessions), MaxSessions);
        Append(text, nameof(MaxPendingHandshakes), MaxPendingHandshakes);
        Append(text, nameof(AuthMethods), string.Join(", ", AuthMethods ?? []));
        Append(text, nameof(PppAuth), PppAuth);
        Append(text, nameof(AuthFailureLimits), AuthFailureLimits);
        Append(text, nameof(LcpEchoIntervalMs), LcpEchoIntervalMs);
        Append(text, nameof(NodeId), NodeId);
        Append(text, nameof(ShutdownTimeout), ShutdownTimeout);
        Append(text, nameof(HeartbeatInterval), HeartbeatInterval);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, object? value) =>
        text.Append(CultureInfo.InvariantCulture, $"{name}={value?.ToString() ?? "(none)"}").Append('\n');

    private static void CheckHash(List<string> errors, string name, byte[]? hash, int length)
    {
        if (hash is not null && hash.Length != length)
        {
            errors.Add($"{name}: {hash.Length} bytes, expected {length}");
        }
    }

    private static int InRange(int value, int min, int max, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");

    private static TimeSpan Positive(TimeSpan value, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
}
