using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.Services;
using SstpFarm.Api.V1;

namespace SstpFarm.Api.Tests.Interop;

/// <summary>The transport seen from plain HTTP/2 (HttpClient): headers, trailers and the cases a gRPC library would hide.</summary>
public sealed class RawHttp2Tests
{
    [Fact]
    public async Task A_unary_answer_is_one_framed_message_then_grpc_status_0_in_the_trailers()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using HttpClient client = H2cClient();
        using HttpResponseMessage response = await PostAsync(client, $"http://{farm.Address}/sstpfarm.v1.NodeService/ListNodes", Frame(new ListNodesRequest()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        ListNodesResponse nodes = ListNodesResponse.Parser.ParseFrom(body.AsSpan(GrpcFrame.HeaderLength).ToArray());
        Assert.Equal(body.Length - GrpcFrame.HeaderLength, (body[1] << 24) | (body[2] << 16) | (body[3] << 8) | body[4]);
        Assert.Equal(ApiTestFarm.NodeId, nodes.Nodes.Single().NodeId);
        Assert.Equal("0", Trailer(response, "grpc-status"));
    }

    [Fact]
    public async Task An_error_before_any_message_is_trailers_only()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using HttpClient client = H2cClient();
        using HttpResponseMessage response = await PostAsync(client, $"http://{farm.Address}/sstpfarm.v1.SessionService/GetSession", Frame(new GetSessionRequest { SessionId = "gone 100%" }));

        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("5", Header(response, "grpc-status"));
        Assert.Equal("no live session 'gone 100%25'", Header(response, "grpc-message"));
    }

    [Fact]
    public async Task A_request_that_is_not_grpc_gets_HTTP_415()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using HttpClient client = H2cClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{farm.Address}/sstpfarm.v1.NodeService/ListNodes") { Content = new StringContent("{}"), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_server_enforces_the_deadline_itself_even_when_the_client_does_not()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using HttpClient client = H2cClient();
        using HttpResponseMessage response = await PostAsync(client, $"http://{farm.Address}/sstpfarm.v1.SessionService/WatchSessions", Frame(new WatchSessionsRequest { UserName = "nobody" }), ("grpc-timeout", "200m"));

        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("4", Header(response, "grpc-status"));
        Assert.Equal(1, farm.Feed.Cancelled);
    }

    [Theory]
    [InlineData("grpc-timeout", "soon", "13")]
    [InlineData("grpc-encoding", "gzip", "12")]
    public async Task Malformed_timeouts_and_unknown_encodings_are_refused(string header, string value, string status)
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using HttpClient client = H2cClient();
        using HttpResponseMessage response = await PostAsync(client, $"http://{farm.Address}/sstpfarm.v1.NodeService/ListNodes", Frame(new ListNodesRequest()), (header, value));
        Assert.Equal(status, Header(response, "grpc-status"));
    }

    [Fact]
    public async Task The_longest_timeout_the_grammar_allows_is_accepted()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using HttpClient client = H2cClient();
        using HttpResponseMessage response = await PostAsync(client, $"http://{farm.Address}/sstpfarm.v1.NodeService/ListNodes", Frame(new ListNodesRequest()), ("grpc-timeout", "99999999H"));
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("0", Trailer(response, "grpc-status"));
    }

    [Fact]
    public async Task A_compressed_message_is_UNIMPLEMENTED_and_a_truncated_one_INTERNAL()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using HttpClient client = H2cClient();
        using HttpResponseMessage compressed = await PostAsync(client, $"http://{farm.Address}/sstpfarm.v1.NodeService/ListNodes", [1, 0, 0, 0, 1, 0]);
        Assert.Equal("12", Header(compressed, "grpc-status"));
        using HttpResponseMessage truncated = await PostAsync(client, $"http://{farm.Address}/sstpfarm.v1.NodeService/ListNodes", [0, 0, 0, 0, 9, 0]);
        Assert.Equal("13", Header(truncated, "grpc-status"));
    }

    [Fact]
    public async Task Over_tls_with_alpn_a_client_certificate_from_the_configured_ca_is_an_admin()
    {
        using var caKey = ECDsa.Create();
        var caRequest = new CertificateRequest("CN=Test API CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var clientKey = ECDsa.Create();
        var clientRequest = new CertificateRequest("CN=ops-laptop", clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using X509Certificate2 issued = clientRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        using X509Certificate2 clientCertificate = issued.CopyWithPrivateKey(clientKey);
        using var serverKey = ECDsa.Create();
        using X509Certificate2 serverCertificate = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var options = new ApiServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Certificate = serverCertificate, ClientCertificateAuthorities = [ca] };
        await using var server = new ApiServer(options, [new TicketKeyService(new ControlPlane.InMemory.InMemoryControlPlane(new ControlPlane.Pools.IpPoolDefinition { Networks = [TestNetworks.Cidr("10.1.0.0/24")] }, TimeProvider.System))], NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        string url = $"https://127.0.0.1:{server.LocalEndPoint!.Port}/sstpfarm.v1.TicketKeyService/RotateTicketKeys";

        using (HttpClient withCertificate = TlsClient(serverCertificate, clientCertificate))
        using (HttpResponseMessage response = await PostAsync(withCertificate, url, Frame(new RotateTicketKeysRequest())))
        {
            Assert.Equal(new Version(2, 0), response.Version);
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("0", Trailer(response, "grpc-status"));
        }

        using (HttpClient anonymous = TlsClient(serverCertificate, null))
        using (HttpResponseMessage response = await PostAsync(anonymous, url, Frame(new RotateTicketKeysRequest())))
        {
            Assert.Equal("16", Header(response, "grpc-status"));
        }
    }


    private static HttpClient H2cClient() => new(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private static HttpClient TlsClient(X509Certificate2 server, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == server.GetCertHashString(),
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        return new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    }

    private static byte[] Frame(IMessage message)
    {
        byte[] body = message.ToByteArray();
        byte[] framed = new byte[GrpcFrame.HeaderLength + body.Length];
        GrpcFrame.WriteHeader(framed, body.Length);
        body.CopyTo(framed, GrpcFrame.HeaderLength);
        return framed;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach ((string name, string value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.Single() : null;

    private static string? Trailer(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out IEnumerable<string>? values) ? values.Single() : null;
}
