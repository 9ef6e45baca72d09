using System.CommandLine;
using System.Net;
using Google.Protobuf;
using SstpFarm.Ctl.Grpc;
using SstpFarm.Ctl.Output;

namespace SstpFarm.Ctl;

/// <summary>What a command needs: the client, set up from the global options, and where to print.</summary>
internal sealed class CtlContext : IDisposable
{
    /// <summary>Deadline of a unary call when --timeout is not given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private CtlContext(GrpcClient client, CtlOutput output, TimeSpan? timeout)
    {
        Client = client;
        Output = output;
        Timeout = timeout;
    }

    public GrpcClient Client { get; }

    public CtlOutput Output { get; }

    /// <summary>--timeout as given; null when absent.</summary>
    public TimeSpan? Timeout { get; }

    /// <exception cref="CtlUsageException">A global option is unusable.</exception>
    public static CtlContext Create(ParseResult parse, GlobalOptions options)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(options);
        Uri server = ParseServer(parse.GetValue(options.Server) ?? Environment.GetEnvironmentVariable(GlobalOptions.ServerVariable) ?? GlobalOptions.DefaultServer);
        string? token = ReadToken(parse.GetValue(options.Token), parse.GetValue(options.TokenFile));
        if (token is not null && server.Scheme == Uri.UriSchemeHttp && !IsLoopback(server))
        {
            throw new CtlUsageException($"refusing to send a bearer token in cleartext to {server.Authority}: use https://");
        }

        var clientOptions = new GrpcClientOptions
        {
            Server = server,
            BearerToken = token,
            CertificateAuthorityFile = parse.GetValue(options.CaFile)?.FullName,
            ClientCertificateFile = parse.GetValue(options.Certificate)?.FullName,
            ClientKeyFile = parse.GetValue(options.Key)?.FullName,
            MaxReceiveMessageSize = parse.GetValue(options.MaxMessageSize),
        };
        if (clientOptions.ClientKeyFile is not null && clientOptions.ClientCertificateFile is null)
        {
            throw new CtlUsageException("--key needs --cert");
        }

        return new CtlContext(new GrpcClient(clientOptions), new CtlOutput(parse.GetValue(options.Json), Console.Out), parse.GetValue(options.Timeout));
    }

    /// <summary>A unary call with the --timeout deadline (default 30 s).</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Client.UnaryAsync(method, request, Timeout ?? DefaultTimeout, cancellationToken);

    public void Dispose() => Client.Dispose();

    private static Uri ParseServer(string text)
    {
        // "host:port" alone means cleartext, like the default.
        string candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.AbsolutePath != "/")
        {
            throw new CtlUsageException($"--server: '{text}' is not http://HOST:PORT or https://HOST:PORT");
        }

        return uri;
    }

    private static bool IsLoopback(Uri server) =>
        server.IsLoopback || (IPAddress.TryParse(server.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    private static string? ReadToken(string? token, FileInfo? tokenFile)
    {
        if (token is not null && tokenFile is not null)
        {
            throw new CtlUsageException("give --token or --token-file, not both");
        }

        if (tokenFile is not null)
        {
            try
            {
                token = File.ReadLines(tokenFile.FullName).FirstOrDefault();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CtlUsageException($"cannot read the token file {tokenFile.FullName}: {e.Message}", e);
            }

            if (string.IsNullOrWhiteSpace(token))
            {
                throw new CtlUsageException($"the token file {tokenFile.FullName} is empty");
            }
        }

        token ??= Environment.GetEnvironmentVariable(GlobalOptions.TokenVariable);
        token = token?.Trim();
        if (token is { Length: 0 })
        {
            return null;
        }

        // A header value cannot hold line breaks or other control characters.
        return token is not null && token.Any(char.IsControl) ? throw new CtlUsageException("the bearer token contains control characters") : token;
    }
}
