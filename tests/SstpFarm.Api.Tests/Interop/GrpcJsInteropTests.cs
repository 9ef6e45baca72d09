using System.Net;
using System.Text.Json;
using SstpFarm.Api.Health.V1;
using SstpFarm.Api.Security;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.Api.Tests.Interop;

/// <summary>The API driven by @grpc/grpc-js (a gRPC stack nobody here wrote) over cleartext HTTP/2.</summary>
public sealed class GrpcJsInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Unary_lists_sessions_page_by_page_and_by_user()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        JsonElement result = await GrpcJsClient.RunAsync(farm.Address, "list-sessions");

        JsonElement first = result.GetProperty("first");
        Assert.Equal(["s-0001", "s-0002"], Ids(first));
        Assert.Equal(3, first.GetProperty("total_size").GetInt32());
        Assert.NotEmpty(first.GetProperty("next_page_token").GetString()!);
        Assert.Equal("alice", first.GetProperty("sessions")[0].GetProperty("user_name").GetString());
        Assert.Equal("192.0.2.7", first.GetProperty("sessions")[0].GetProperty("client_address").GetString());

        JsonElement second = result.GetProperty("second");
        Assert.Equal(["s-0003"], Ids(second));
        Assert.Equal(string.Empty, second.GetProperty("next_page_token").GetString());
        Assert.Equal(["s-0003"], Ids(result.GetProperty("byUser")));
    }

    [Fact]
    public async Task Errors_come_back_with_their_codes()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        JsonElement result = await GrpcJsClient.RunAsync(farm.Address, "errors");

        Assert.Equal(5, Code(result, "notFound"));
        Assert.Equal(3, Code(result, "badAddress"));
        Assert.Contains("inner_address", Details(result, "badAddress"), StringComparison.Ordinal);
        Assert.Equal(3, Code(result, "badToken"));
        Assert.Contains("page_token", Details(result, "badToken"), StringComparison.Ordinal);
        Assert.Equal(3, Code(result, "badUser"));
        Assert.Contains("name", Details(result, "badUser"), StringComparison.Ordinal);
        Assert.Equal(8, Code(result, "tooLarge"));
        Assert.Equal(12, Code(result, "unimplemented"));
    }

    [Fact]
    public async Task Watch_sends_existing_sessions_then_live_events_and_the_server_sees_the_cancel()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using GrpcJsClient client = GrpcJsClient.Start(farm.Address, "watch");

        JsonElement existing1 = await client.NextEventAsync();
        JsonElement existing2 = await client.NextEventAsync();
        Assert.Equal("KIND_EXISTING", existing1.GetProperty("kind").GetString());
        Assert.Equal(["s-0001", "s-0002"], new[] { existing1, existing2 }.Select(e => e.GetProperty("session").GetProperty("session_id").GetString()!).ToArray());

        await farm.Feed.WatcherStarted.Task.WaitAsync(Wait);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        farm.Feed.Publish(new SessionEvent(SessionEventKind.Started, new SessionRecord("s-0008", "bob", ApiTestFarm.NodeId, null, null, now), now));
        farm.Feed.Publish(new SessionEvent(SessionEventKind.Started, new SessionRecord("s-0009", "alice", ApiTestFarm.NodeId, null, null, now), now));

        JsonElement live = await client.NextEventAsync();
        Assert.Equal("KIND_STARTED", live.GetProperty("kind").GetString());
        Assert.Equal("s-0009", live.GetProperty("session").GetProperty("session_id").GetString());
        Assert.True((await client.ResultAsync()).GetProperty("cancelled").GetBoolean());

        // The client cancelled (RST_STREAM): the handler's token fired and the feed's enumeration stopped.
        await farm.Feed.WatcherCancelled.Task.WaitAsync(Wait);
        Assert.Equal(1, farm.Feed.Cancelled);
    }

    [Fact]
    public async Task Watch_follows_the_control_planes_own_session_events()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync(controlPlaneEvents: true);
        using GrpcJsClient client = GrpcJsClient.Start(farm.Address, "watch");
        Assert.Equal("KIND_EXISTING", (await client.NextEventAsync()).GetProperty("kind").GetString());
        Assert.Equal("KIND_EXISTING", (await client.NextEventAsync()).GetProperty("kind").GetString());

        // The watch subscribed before it listed the existing sessions, so a registration now is seen.
        await farm.ControlPlane.Sessions.RegisterAsync(new SessionRecord("s-0010", "alice", ApiTestFarm.NodeId, null, null, DateTimeOffset.UtcNow));
        JsonElement live = await client.NextEventAsync();
        Assert.Equal("KIND_STARTED", live.GetProperty("kind").GetString());
        Assert.Equal("s-0010", live.GetProperty("session").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_stream_past_its_deadline_ends_with_DEADLINE_EXCEEDED_and_the_handler_is_cancelled()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        JsonElement result = await GrpcJsClient.RunAsync(farm.Address, "watch-deadline");

        Assert.Equal(4, result.GetProperty("code").GetInt32());
        await farm.Feed.WatcherCancelled.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task Credentials_are_checked_and_roles_enforced()
    {
        ApiToken[] tokens = [new("viewer", ApiRole.Read, "read-token-0123456789"), new("ops", ApiRole.Admin, "admin-token-0123456789")];
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync(tokens);

        JsonElement anonymous = await GrpcJsClient.RunAsync(farm.Address, "auth");
        Assert.Equal(16, Code(anonymous, "list"));
        Assert.Equal(16, Code(anonymous, "drain"));

        JsonElement wrong = await GrpcJsClient.RunAsync(farm.Address, "auth", "not-a-valid-token-at-all");
        Assert.Equal(16, Code(wrong, "list"));

        JsonElement viewer = await GrpcJsClient.RunAsync(farm.Address, "auth", "read-token-0123456789");
        Assert.Equal(ApiTestFarm.NodeId, viewer.GetProperty("list").GetProperty("nodes")[0].GetProperty("node_id").GetString());
        Assert.Equal(7, Code(viewer, "drain"));

        JsonElement admin = await GrpcJsClient.RunAsync(farm.Address, "auth", "admin-token-0123456789");
        Assert.Equal("NODE_ADMIN_STATE_DRAINING", admin.GetProperty("drain").GetProperty("admin_state").GetString());
    }

    [Fact]
    public async Task Admin_calls_change_the_farm_and_queue_node_commands()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        JsonElement result = await GrpcJsClient.RunAsync(farm.Address, "admin");

        Assert.Equal(ApiTestFarm.NodeId, result.GetProperty("disconnect").GetProperty("node_id").GetString());
        Assert.Equal(1, result.GetProperty("disconnectUser").GetProperty("session_count").GetInt32());
        Assert.Equal("NODE_ADMIN_STATE_DRAINING", result.GetProperty("drain").GetProperty("admin_state").GetString());
        Assert.Equal(5, Code(result, "drainUnknown"));
        Assert.Equal("NODE_ADMIN_STATE_ACTIVE", result.GetProperty("resume").GetProperty("admin_state").GetString());
        Assert.Equal("10.0.0.50", result.GetProperty("addUser").GetProperty("static_address").GetString());
        Assert.Equal(6, Code(result, "addAgain"));
        Assert.Equal("carol", result.GetProperty("listUsers").GetProperty("users")[0].GetProperty("name").GetString());
        Assert.Equal(5, Code(result, "removeMissing"));

        Assert.True(farm.Users.Current.TryFind("carol", out var carol));
        byte[] expected = new byte[Protocol.Auth.NtHash.Size];
        Protocol.Auth.NtHash.Compute("pa55word", expected);
        Assert.Equal(expected, carol.NtHash.ToArray());
        Assert.Null(carol.ReversibleSecret);

        JsonElement before = result.GetProperty("keys"), after = result.GetProperty("rotated");
        Assert.Equal(3, before.GetProperty("keys").GetArrayLength());
        Assert.Matches("^[0-9a-f]{16}$", before.GetProperty("keys")[1].GetProperty("fingerprint").GetString()!);
        Assert.Equal(before.GetProperty("keys")[1].GetProperty("fingerprint").GetString(), after.GetProperty("keys")[0].GetProperty("fingerprint").GetString());

        JsonElement pool = result.GetProperty("pools").GetProperty("pools")[0];
        Assert.Equal("10.0.0.0/24", pool.GetProperty("networks")[0].GetString());
        Assert.Equal("3", pool.GetProperty("leased").GetString());
        Assert.Equal(3, result.GetProperty("leases").GetProperty("leases").GetArrayLength());

        var commands = new List<NodeCommand>();
        using var cts = new CancellationTokenSource(Wait);
        await foreach (NodeCommand command in farm.ControlPlane.Commands.ReadAllAsync(cts.Token))
        {
            commands.Add(command);
            if (commands.Count == 4)
            {
                break;
            }
        }

        Assert.Equal([NodeCommandKind.DisconnectSession, NodeCommandKind.DisconnectUser, NodeCommandKind.Drain, NodeCommandKind.Activate], commands.Select(c => c.Kind));
        Assert.Equal("s-0001", commands[0].SessionId);
        Assert.Equal("bob", commands[1].UserName);
    }

    [Fact]
    public async Task Health_check_and_watch()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        using GrpcJsClient client = GrpcJsClient.Start(farm.Address, "health");

        JsonElement first = await client.NextEventAsync();
        Assert.Equal("SERVING", first.GetProperty("status").GetString());
        farm.Server.Health.Set(Health.ApiHealth.NodeServiceName, HealthCheckResponse.Types.ServingStatus.NotServing);
        JsonElement second = await client.NextEventAsync();
        Assert.Equal("NOT_SERVING", second.GetProperty("status").GetString());

        JsonElement result = await client.ResultAsync();
        Assert.Equal("SERVING", result.GetProperty("overall").GetProperty("status").GetString());
        Assert.Equal(5, Code(result, "unknown"));
    }

    [Fact]
    public async Task Reflection_lists_services_and_serves_files_over_a_bidirectional_stream()
    {
        await using ApiTestFarm farm = await ApiTestFarm.StartAsync();
        JsonElement responses = (await GrpcJsClient.RunAsync(farm.Address, "reflection")).GetProperty("responses");

        string[] services = [.. responses[0].GetProperty("services").EnumerateArray().Select(s => s.GetString()!)];
        Assert.Contains("sstpfarm.v1.SessionService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);

        // sessions.proto and its dependency google/protobuf/timestamp.proto.
        Assert.Equal(2, responses[1].GetProperty("files").GetInt32());
        Assert.Equal(5, responses[2].GetProperty("error").GetInt32());
    }

    private static string[] Ids(JsonElement page) =>
        [.. page.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("session_id").GetString()!)];

    private static int Code(JsonElement result, string name) =>
        result.GetProperty(name).TryGetProperty("code", out JsonElement code) ? code.GetInt32() : throw new Xunit.Sdk.XunitException($"{name} succeeded: {result.GetProperty(name)}");

    private static string Details(JsonElement result, string name) => result.GetProperty(name).GetProperty("details").GetString()!;
}
