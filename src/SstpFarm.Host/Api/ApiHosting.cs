using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SstpFarm.Api;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.Health;
using SstpFarm.Api.Security;
using SstpFarm.Api.Services;
using SstpFarm.DataPlane.Node;
using SstpFarm.Host.Configuration;
using SstpFarm.Host.Options;
using SstpFarm.Host.Run;
using ServingStatus = SstpFarm.Api.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SstpFarm.Host.Api;

/// <summary>
/// The node's operator API: the `api*` config keys, their cross-key rules, loading the files they
/// name, and an <see cref="ApiServer"/> serving every service over this node's control plane.
/// Health reports <see cref="ApiHealth.NodeServiceName"/> NOT_SERVING while the node drains.
/// </summary>
internal sealed class ApiHosting : IAsyncDisposable
{
    private static readonly TimeSpan DrainPollInterval = TimeSpan.FromSeconds(1);

    private readonly ApiServer? _server;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _drainWatch = Task.CompletedTask;

    private ApiHosting(ApiServer? server, SstpNode? node, TimeProvider time)
    {
        _server = server;
        if (server is not null && node is not null)
        {
            _drainWatch = WatchDrainAsync(server.Health, node, time, _stopping.Token);
        }
    }

    /// <summary>False when the API could not start (the reason was printed); the node should not run without it.</summary>
    public bool Started { get; private init; } = true;

    public IPEndPoint? LocalEndPoint => _server?.LocalEndPoint;

    public static IReadOnlyList<ConfigKey> Keys { get; } =
    [
        ConfigKey.Scalar<IPEndPoint?>("api", "Operator API (gRPC) address ADDR:PORT, or off. Another address than loopback needs api-tls-cert and api-tokens or api-client-ca.",
            ParseEndPoint, (o, v) => (o.Api.EndPoint, o.Api.EndPointConfigured) = (v, true), o => o.Api.EndPoint?.ToString() ?? "off"),
        ConfigKey.Scalar<string>("api-tls-cert", "TLS certificate of the API: PEM (full chain; key in api-tls-key or the same file) or .pfx/.p12 without password.",
            ValueParsers.NonEmpty, (o, v) => o.Api.TlsCertificatePath = v, o => o.Api.TlsCertificatePath),
        ConfigKey.Scalar<string>("api-tls-key", "PEM private key of api-tls-cert.",
            ValueParsers.NonEmpty, (o, v) => o.Api.TlsKeyPath = v, o => o.Api.TlsKeyPath),
        ConfigKey.Scalar<string>("api-tokens", "API bearer tokens file: one 'NAME ROLE TOKEN' per line, ROLE read or admin (mode 0600).",
            ValueParsers.NonEmpty, (o, v) => o.Api.TokensFile = v, o => o.Api.TokensFile),
        ConfigKey.Scalar<string>("api-client-ca", "PEM CA certificate(s): API clients presenting a certificate issued by them are admins (needs api-tls-cert).",
            ValueParsers.NonEmpty, (o, v) => o.Api.ClientCaFile = v, o => o.Api.ClientCaFile),
    ];

    /// <summary>The rules between the api keys (each key's syntax is checked while parsing).</summary>
    public static IEnumerable<ConfigError> Validate(ApiOptions api)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (api.EndPoint is null)
        {
            foreach ((string key, string? value) in new[] { ("api-tls-cert", api.TlsCertificatePath), ("api-tls-key", api.TlsKeyPath), ("api-tokens", api.TokensFile), ("api-client-ca", api.ClientCaFile) })
            {
                if (value is not null)
                {
                    yield return new ConfigError(key, value, "is used only when api is not off");
                }
            }

            yield break;
        }

        if (api.TlsKeyPath is not null && api.TlsCertificatePath is null)
        {
            yield return new ConfigError("api-tls-key", api.TlsKeyPath, "needs api-tls-cert as well");
        }

        if (api.ClientCaFile is not null && api.TlsCertificatePath is null)
        {
            yield return new ConfigError("api-client-ca", api.ClientCaFile, "needs api-tls-cert: client certificates are sent inside TLS");
        }

        if (!IPAddress.IsLoopback(api.EndPoint.Address))
        {
            if (api.TlsCertificatePath is null)
            {
                yield return new ConfigError("api", api.EndPoint.ToString(), "is not a loopback address: it needs api-tls-cert, or tokens and data would cross the network in the clear");
            }

            if (api.TokensFile is null && api.ClientCaFile is null)
            {
                yield return new ConfigError("api", api.EndPoint.ToString(), "is not a loopback address: it needs api-tokens and/or api-client-ca, or anyone who can reach it could drain the farm");
            }
        }
    }

    /// <summary>Loads the API's files and starts serving; prints why and returns <see cref="Started"/> false when it cannot.</summary>
    public static async Task<ApiHosting> StartAsync(NodeStartup startup, SstpNode node, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startup);
        ApiOptions api = startup.Options.Api;
        if (api.EndPoint is null)
        {
            return new ApiHosting(null, null, startup.Time);
        }

        ApiServerOptions? options = LoadOptions(api, out string? error, out string? warning);
        if (warning is not null)
        {
            await startup.Console.Error.WriteLineAsync($"sstpfarm: warning: {warning}").ConfigureAwait(false);
        }

        ApiServer? server = null;
        try
        {
            server = options is null ? null : new ApiServer(options, Services(startup), loggers);
            if (server is not null)
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                await startup.Console.Out.WriteLineAsync($"sstpfarm: operator API (gRPC) on {server.LocalEndPoint}{(options!.Certificate is null ? string.Empty : " (TLS)")}").ConfigureAwait(false);
                return new ApiHosting(server, node, startup.Time);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            error = $"api: cannot listen on {api.EndPoint}: {e.Message}";
        }

        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        if (options is not null && !api.EndPointConfigured)
        {
            // Only the default address was taken (another service on 50051): the node runs without its API rather than not at all.
            await startup.Console.Error.WriteLineAsync($"sstpfarm: warning: {error}; running without the operator API (set api to another ADDR:PORT, or off)").ConfigureAwait(false);
            return new ApiHosting(null, null, startup.Time);
        }

        await startup.Console.Error.WriteLineAsync($"sstpfarm: {error}").ConfigureAwait(false);
        return new ApiHosting(null, null, startup.Time) { Started = false };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
#pragma warning disable VSTHRD003 // our own loop, started in the constructor
        await _drainWatch.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    internal static IGrpcService[] Services(NodeStartup startup)
    {
        ControlPlane.IControlPlane controlPlane = startup.ControlPlane;
        IReadOnlyDictionary<string, IReadOnlyList<ControlPlane.Pools.Ipv4Cidr>> networks =
            new Dictionary<string, IReadOnlyList<ControlPlane.Pools.Ipv4Cidr>> { [controlPlane.DefaultPool.Name] = startup.Options.Addressing.Pools };
        return
        [
            new NodeService(controlPlane, startup.Time),
            new SessionService(controlPlane, controlPlane.SessionEvents, startup.Time),
            new PoolService(controlPlane, networks),
            new TicketKeyService(controlPlane),
            new UserService(startup.UserAdministration),
        ];
    }

    /// <summary>Reads the certificate, tokens and CA the options name; null with the reason (key, value, why) when one is unusable.</summary>
    internal static ApiServerOptions? LoadOptions(ApiOptions api, out string? error, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(api);
        error = warning = null;
        var options = new ApiServerOptions { EndPoint = api.EndPoint ?? new IPEndPoint(IPAddress.Loopback, ApiServerOptions.DefaultPort) };
        try
        {
            if (api.TlsCertificatePath is { } certificatePath)
            {
                (options.Certificate, options.CertificateChain) = LoadCertificate(certificatePath, api.TlsKeyPath);
            }

            if (api.ClientCaFile is { } caPath)
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(caPath);
                if (authorities.Count == 0)
                {
                    error = $"api-client-ca: '{caPath}' holds no PEM certificate";
                    return null;
                }

                options.ClientCertificateAuthorities = authorities;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"api-tls-cert/api-client-ca: cannot load: {e.Message}";
            return null;
        }

        if (api.TokensFile is { } tokensPath)
        {
            IReadOnlyList<ApiToken>? tokens = ApiTokenFile.Load(tokensPath, out string? problem, out warning);
            if (tokens is null)
            {
                error = $"api-tokens: '{tokensPath}' {problem}";
                return null;
            }

            options.Tokens = tokens;
        }

        IReadOnlyList<string> problems = options.Validate();
        error = problems.Count > 0 ? string.Join("; ", problems) : null;
        return error is null ? options : null;
    }

    private static (X509Certificate2 Certificate, X509Certificate2Collection Chain) LoadCertificate(string certificatePath, string? keyPath)
    {
        if (certificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            X509Certificate2Collection all = X509CertificateLoader.LoadPkcs12CollectionFromFile(certificatePath, password: null);
            X509Certificate2 leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? throw new CryptographicException("the PKCS#12 file has no certificate with a private key");
            return (leaf, [.. all.Where(c => c.Thumbprint != leaf.Thumbprint)]);
        }

        X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        return (certificate, [.. chain.Skip(1)]);
    }

    private static bool ParseEndPoint(string text, out IPEndPoint? value, out string reason)
    {
        value = null;
        reason = string.Empty;
        if (text == "off")
        {
            return true;
        }

        bool ok = ValueParsers.EndPoint(text, out IPEndPoint parsed, out reason);
        reason = ok ? reason : reason + ", or off";
        value = ok ? parsed : null;
        return ok;
    }

    private static async Task WatchDrainAsync(ApiHealth health, SstpNode node, TimeProvider time, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                health.Set(ApiHealth.NodeServiceName, node.Draining ? ServingStatus.NotServing : ServingStatus.Serving);
                await Task.Delay(DrainPollInterval, time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
