using System.Globalization;
using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.Health;
using SstpFarm.Api.Reflection;
using SstpFarm.Api.Security;
using ServingStatus = SstpFarm.Api.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SstpFarm.Api;

/// <summary>
/// The operator API: gRPC over Kestrel HTTP/2 on its own endpoint (a small web host of its own,
/// on the shared framework), with health and server reflection built in. Cleartext endpoints speak
/// HTTP/2 only (h2c with prior knowledge); TLS endpoints negotiate h2 by ALPN.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly ApiServerOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private bool _stopped;

    /// <exception cref="ArgumentException">The options are not usable (<see cref="ApiServerOptions.Validate"/> says why).</exception>
    public ApiServer(ApiServerOptions options, IEnumerable<IGrpcService> services, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        _options = options;
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        _logger = loggers.CreateLogger("SstpFarm.Api");
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        foreach (IGrpcService service in services)
        {
            service.Register(Methods);
        }

        new HealthService(Health).Register(Methods);
        new ReflectionService(Methods).Register(Methods);
    }

    /// <summary>Every method the server answers (services may still be added before <see cref="StartAsync"/>).</summary>
    public GrpcMethodTable Methods { get; } = new();

    /// <summary>What grpc.health.v1.Health reports.</summary>
    public ApiHealth Health { get; } = new();

    /// <summary>The bound endpoint (the actual port when the options asked for port 0); null before start.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Binds and starts serving. Throws <see cref="IOException"/> when the address is in use.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the API server is already started");
        }

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(_loggers);
        builder.Services.AddSingleton<IHostLifetime, ApiHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = _options.ShutdownTimeout);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(ConfigureKestrel);
        WebApplication app = builder.Build();
        var dispatcher = new GrpcDispatcher(Methods, new ApiAuthenticator(_options.Tokens, _options.ClientCertificateAuthorities is { Count: > 0 }), _options.MaxReceiveMessageSize, _options.MaxSendMessageSize, _logger, _stopping.Token);
        ((IApplicationBuilder)app).Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _app = app;

        LocalEndPoint = BoundEndPoint(app) ?? _options.EndPoint;
        Health.Set(string.Empty, ServingStatus.Serving);
        foreach (string service in Methods.ServiceNames)
        {
            Health.Set(service, ServingStatus.Serving);
        }

        string endPoint = LocalEndPoint.ToString(), security = Describe(_options);
        ApiLog.Listening(_logger, endPoint, security);
    }

    /// <summary>Health says NOT_SERVING, streams are cancelled, unary calls get <see cref="ApiServerOptions.ShutdownTimeout"/> to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null || _stopped)
        {
            return;
        }

        _stopped = true;
        Health.SetAll(ServingStatus.NotServing);
        await _stopping.CancelAsync();
        await _app.StopAsync(cancellationToken);
        ApiLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private static string Describe(ApiServerOptions options)
    {
        var parts = new List<string> { options.Certificate is null ? "cleartext HTTP/2" : "TLS" };
        if (options.Tokens.Count > 0)
        {
            parts.Add($"{options.Tokens.Count} bearer tokens");
        }

        if (options.ClientCertificateAuthorities is { Count: > 0 })
        {
            parts.Add("client certificates");
        }

        if (!options.HasAuthentication)
        {
            parts.Add("loopback callers only, no credentials");
        }

        return string.Join(", ", parts);
    }

    private static IPEndPoint? BoundEndPoint(WebApplication app)
    {
        string? address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip))
        {
            return null;
        }

        return new IPEndPoint(ip, uri.Port.ToString(CultureInfo.InvariantCulture) is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : 0);
    }

    private void ConfigureKestrel(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;

        // Streams stay open for hours and may be quiet: no body-size cap (each message is capped instead), no minimum rates.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.MinRequestBodyDataRate = null;
        kestrel.Limits.MinResponseDataRate = null;
        kestrel.Listen(_options.EndPoint, listen =>
        {
            if (_options.Certificate is null)
            {
                // dependencies.md: without TLS, Http1AndHttp2 falls back to HTTP/1.1 and gRPC clients fail.
                listen.Protocols = HttpProtocols.Http2;
                return;
            }

            listen.Protocols = HttpProtocols.Http1AndHttp2;
            var https = new HttpsConnectionAdapterOptions
            {
                ServerCertificate = _options.Certificate,
                ServerCertificateChain = _options.CertificateChain,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.NoCertificate,
            };
            if (_options.ClientCertificateAuthorities is { Count: > 0 } authorities)
            {
                var validator = new ClientCertificateValidator(authorities);
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (certificate, chain, errors) =>
                    validator.Validate(certificate, chain, errors, (subject, reason) => ApiLog.ClientCertificateRejected(_logger, subject, reason));
            }

            listen.UseHttps(https);
        });
    }
}
