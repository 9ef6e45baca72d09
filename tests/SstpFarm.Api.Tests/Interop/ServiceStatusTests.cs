using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.V1;

namespace SstpFarm.Api.Tests.Interop;

/// <summary>The status codes the proto comments promise, one call each over HTTP/2.</summary>
public sealed class ServiceStatusTests : IAsyncLifetime
{
    private ApiTestFarm _farm = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _farm = await ApiTestFarm.StartAsync();
        _client = new HttpClient(new SocketsHttpHandler());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _farm.DisposeAsync();
    }

    [Fact]
    public async Task Invalid_arguments_name_the_field()
    {
        Assert.Equal((3, "page_size: must not be negative"), await StatusAsync("SessionService/ListSessions", new ListSessionsRequest { PageSize = -1 }));
        Assert.Equal((3, "user_name: is required"), await StatusAsync("SessionService/DisconnectUser", new DisconnectUserRequest()));
        Assert.Equal((3, "node_id: is required"), await StatusAsync("NodeService/DrainNode", new DrainNodeRequest()));
        Assert.Equal((3, "static_address: '10.0.0' is not an IPv4 address"), await StatusAsync("UserService/AddUser", new AddUserRequest { Name = "dave", Password = "pw", StaticAddress = "10.0.0" }));
        Assert.Equal((3, "password: is empty"), await StatusAsync("UserService/AddUser", new AddUserRequest { Name = "dave" }));
        Assert.Equal(3, (await StatusAsync("UserService/AddUser", new AddUserRequest { Name = "dave", Password = new string('p', 257) })).Code);
        Assert.Equal(3, (await StatusAsync("PoolService/ListLeases", new ListLeasesRequest { PageToken = PageTokenOf("sessions", "s-0001") })).Code);
    }

    [Fact]
    public async Task Not_found_and_failed_precondition()
    {
        Assert.Equal(5, (await StatusAsync("PoolService/GetPoolUsage", new GetPoolUsageRequest { Pool = "nope" })).Code);
        Assert.Equal(5, (await StatusAsync("UserService/SetPassword", new SetPasswordRequest { Name = "nobody", Password = "pw" })).Code);
        Assert.Equal(0, (await StatusAsync("UserService/AddUser", new AddUserRequest { Name = "erin", Password = "pw", StaticAddress = "10.0.0.60" })).Code);
        Assert.Equal(9, (await StatusAsync("UserService/AddUser", new AddUserRequest { Name = "frank", Password = "pw", StaticAddress = "10.0.0.60" })).Code);
        Assert.Equal(0, (await StatusAsync("UserService/SetPassword", new SetPasswordRequest { Name = "erin", Password = "new", KeepReversibleSecret = true })).Code);
        Assert.True(_farm.Users.Current.TryFind("erin", out var erin));
        Assert.Equal("new", erin.ReversibleSecret);
        Assert.Equal("10.0.0.60", erin.StaticAddress?.ToString());
    }

    [Fact]
    public async Task An_unreachable_store_is_UNAVAILABLE()
    {
        _farm.Users.Unavailable = true;
        Assert.Equal(14, (await StatusAsync("UserService/ListUsers", new ListUsersRequest())).Code);
        Assert.Equal(14, (await StatusAsync("UserService/RemoveUser", new RemoveUserRequest { Name = "erin" })).Code);
    }

    [Fact]
    public async Task An_unexpected_exception_is_INTERNAL_with_a_generic_message()
    {
        _farm.Users.Broken = true;
        Assert.Equal((13, "internal error (see the server log)"), await StatusAsync("UserService/ListUsers", new ListUsersRequest()));
    }

    [Fact]
    public async Task Leases_page_in_address_order_and_sessions_filter_by_address()
    {
        ListLeasesResponse first = await CallAsync("PoolService/ListLeases", new ListLeasesRequest { PageSize = 2 }, ListLeasesResponse.Parser);
        ListLeasesResponse second = await CallAsync("PoolService/ListLeases", new ListLeasesRequest { PageSize = 2, PageToken = first.NextPageToken }, ListLeasesResponse.Parser);
        string[] addresses = [.. first.Leases.Concat(second.Leases).Select(l => l.Address)];
        Assert.Equal(3, addresses.Length);
        Assert.Equal(addresses.OrderBy(a => IPAddress.Parse(a).GetAddressBytes()[3]), addresses);
        Assert.Empty(second.NextPageToken);

        string address = first.Leases[0].Address;
        ListSessionsResponse byAddress = await CallAsync("SessionService/ListSessions", new ListSessionsRequest { InnerAddress = address }, ListSessionsResponse.Parser);
        Assert.Equal(first.Leases[0].SessionId, byAddress.Sessions.Single().SessionId);
    }

    private static string PageTokenOf(string kind, string key) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{kind}:{key}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<T> CallAsync<T>(string method, IMessage request, MessageParser<T> parser)
        where T : IMessage<T>
    {
        (int code, string? message, byte[] body) = await SendAsync(method, request);
        Assert.True(code == 0, $"{method}: {code} {message}");
        return parser.ParseFrom(body.AsSpan(GrpcFrame.HeaderLength).ToArray());
    }

    private async Task<(int Code, string? Message)> StatusAsync(string method, IMessage request)
    {
        (int code, string? message, _) = await SendAsync(method, request);
        return (code, message);
    }

    private async Task<(int Code, string? Message, byte[] Body)> SendAsync(string method, IMessage request)
    {
        byte[] payload = request.ToByteArray();
        byte[] framed = new byte[GrpcFrame.HeaderLength + payload.Length];
        GrpcFrame.WriteHeader(framed, payload.Length);
        payload.CopyTo(framed, GrpcFrame.HeaderLength);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"http://{_farm.Address}/sstpfarm.v1.{method}")
        {
            Content = new ByteArrayContent(framed),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using HttpResponseMessage response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        HttpHeaders status = response.Headers.Contains("grpc-status") ? response.Headers : response.TrailingHeaders;
        string? text = status.TryGetValues("grpc-message", out var values) ? GrpcStatusMessage.Decode(values.Single()) : null;
        return (int.Parse(status.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture), text, body);
    }
}
