using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SstpFarm.Ctl.Tests.Interop;

/// <summary>sstpfarmctl (the built program) against a @grpc/grpc-js server serving canned data.</summary>
public sealed class CtlAgainstGrpcJsTests : IAsyncLifetime
{
    private GrpcJsServer _server = null!;

    public async Task InitializeAsync() => _server = await GrpcJsServer.StartAsync();

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Nodes_list_prints_a_table_and_json()
    {
        CtlRun table = await Ctl("nodes", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("NODE", table.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"n2\s+│\s+draining\s+│\s+dead", table.Stdout);
        Assert.Contains("2 nodes (directory version 42)", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", table.Stdout, StringComparison.Ordinal);

        CtlRun json = await Ctl("--json", "nodes", "list");
        JsonElement response = Assert.Single(json.JsonLines);
        Assert.Equal("42", response.GetProperty("directoryVersion").GetString());
        JsonElement n1 = response.GetProperty("nodes")[0];
        Assert.Equal("n1", n1.GetProperty("nodeId").GetString());
        Assert.Equal("NODE_ADMIN_STATE_ACTIVE", n1.GetProperty("adminState").GetString());
        Assert.Equal(0.25, n1.GetProperty("load").GetDouble());
    }

    [Fact]
    public async Task Drain_and_resume_send_the_node_id_and_print_the_new_state()
    {
        CtlRun drained = await Ctl("nodes", "drain", "n1", "--json");
        Assert.Equal("NODE_ADMIN_STATE_DRAINING", Assert.Single(drained.JsonLines).GetProperty("adminState").GetString());
        CtlRun resumed = await Ctl("nodes", "resume", "n2");
        Assert.Matches(@"state\s+│\s+active", resumed.Stdout);
        Assert.Equal("n2", _server.Calls("/sstpfarm.v1.NodeService/ResumeNode")[^1].GetProperty("request").GetProperty("node_id").GetString());
    }

    [Theory]
    [InlineData("n404", 3, "NOT_FOUND: no node n404")]
    [InlineData("odd-message", 3, "NOT_FOUND: nœud «n9» introuvable: 100% sûr")]
    [InlineData("forbidden", 4, "PERMISSION_DENIED: the token's role may not read nodes")]
    [InlineData("broken", 1, "INTERNAL: directory read failed")]
    public async Task Errors_map_to_exit_codes_with_the_decoded_status_message(string nodeId, int exitCode, string message)
    {
        CtlRun run = await Ctl("nodes", "get", nodeId);
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task The_deadline_goes_to_the_server_and_ends_the_call_with_exit_5()
    {
        CtlRun run = await Ctl("nodes", "get", "slow", "--timeout", "400ms");
        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("DEADLINE_EXCEEDED", run.Stderr, StringComparison.Ordinal);
        JsonElement call = Assert.Single(_server.Calls("/sstpfarm.v1.NodeService/GetNode"), c => c.GetProperty("request").GetProperty("node_id").GetString() == "slow");
        Assert.InRange(call.GetProperty("deadline_ms").GetInt32(), 1, 400);
        await _server.NextAsync(line => line.TryGetProperty("cancelled", out JsonElement p) && p.GetString() == "/sstpfarm.v1.NodeService/GetNode");
    }

    [Fact]
    public async Task Unary_calls_carry_the_default_30_second_deadline()
    {
        CtlRun run = await Ctl("ticket-keys", "status");
        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement call = Assert.Single(_server.Calls("/sstpfarm.v1.TicketKeyService/GetTicketKeyStatus"));
        Assert.InRange(call.GetProperty("deadline_ms").GetInt32(), 20_000, 30_000);
        Assert.Matches(@"current\s+│\s+[0-9a-f]{16}", run.Stdout);
    }

    [Fact]
    public async Task No_server_listening_is_unavailable_exit_5()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        CtlRun run = await CtlRun.RunAsync(["--server", $"http://127.0.0.1:{port}", "health"]);
        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("UNAVAILABLE", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_list_pages_and_filters()
    {
        CtlRun onePage = await Ctl("sessions", "list", "--page-size", "2");
        Assert.Contains("2 of 5 sessions; next page: --page-token 2", onePage.Stdout, StringComparison.Ordinal);
        Assert.Contains("198.51.100.1:40001", onePage.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3", onePage.Stdout, StringComparison.Ordinal);

        CtlRun all = await Ctl("sessions", "list", "--page-size", "2", "--all", "--json");
        Assert.Equal(3, all.JsonLines.Count);
        string[] ids = all.JsonLines.SelectMany(page => page.GetProperty("sessions").EnumerateArray()).Select(s => s.GetProperty("sessionId").GetString()!).ToArray();
        Assert.Equal(["s1", "s2", "s3", "s4", "s5"], ids);
        Assert.Equal(["", "2", "4"], _server.Calls("/sstpfarm.v1.SessionService/ListSessions").TakeLast(3).Select(c => c.GetProperty("request").GetProperty("page_token").GetString()));

        CtlRun filtered = await Ctl("sessions", "list", "--user", "alice", "--node", "n2", "--json");
        JsonElement session = Assert.Single(Assert.Single(filtered.JsonLines).GetProperty("sessions").EnumerateArray());
        Assert.Equal("s2", session.GetProperty("sessionId").GetString());
        Assert.Equal("2048", session.GetProperty("bytesIn").GetString());

        CtlRun invalid = await Ctl("sessions", "list", "--address", "zzz");
        Assert.True(invalid.ExitCode == 2, invalid.ToString());
        Assert.Contains("INVALID_ARGUMENT", invalid.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_get_disconnect_and_disconnect_user()
    {
        Assert.Matches(@"client\s+│\s+198\.51\.100\.3:40003", (await Ctl("sessions", "get", "s3")).Stdout);
        Assert.Contains("Disconnect of session s3 queued for node n1.", (await Ctl("sessions", "disconnect", "s3")).Stdout, StringComparison.Ordinal);
        Assert.Equal(3, (await Ctl("sessions", "disconnect", "s404")).ExitCode);
        JsonElement user = Assert.Single((await Ctl("sessions", "disconnect-user", "alice", "--json")).JsonLines);
        Assert.Equal(2, user.GetProperty("sessionCount").GetInt32());
        Assert.Equal(["n1", "n2"], user.GetProperty("nodeIds").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Watch_prints_one_line_per_event_until_the_stream_ends()
    {
        CtlRun human = await Ctl("sessions", "watch", "--user", "finite");
        Assert.True(human.ExitCode == 0, human.ToString());
        string[] lines = human.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("started", lines[0], StringComparison.Ordinal);
        Assert.Contains("address_assigned  s9  user=finite node=n1 address=10.8.0.19", lines[1], StringComparison.Ordinal);
        Assert.Contains("ended", lines[2], StringComparison.Ordinal);

        CtlRun json = await Ctl("sessions", "watch", "--user", "finite", "--json");
        Assert.Equal(["KIND_STARTED", "KIND_ADDRESS_ASSIGNED", "KIND_ENDED"], json.JsonLines.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(JsonValueKind.Null, _server.Calls("/sstpfarm.v1.SessionService/WatchSessions")[0].GetProperty("deadline_ms").ValueKind);
    }

    [Fact]
    public async Task Watch_reports_a_status_that_ends_the_stream_after_events()
    {
        CtlRun failed = await Ctl("sessions", "watch", "--node", "fail", "--json");
        Assert.True(failed.ExitCode == 5, failed.ToString());
        Assert.Equal(3, failed.JsonLines.Count);
        Assert.Contains("UNAVAILABLE: the event feed lost its control plane", failed.Stderr, StringComparison.Ordinal);

        CtlRun deadline = await Ctl("sessions", "watch", "--timeout", "1s", "--json");
        Assert.True(deadline.ExitCode == 5, deadline.ToString());
        Assert.Equal(3, deadline.JsonLines.Count);
        Assert.Contains("DEADLINE_EXCEEDED", deadline.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_ends_a_watch_with_130_and_the_server_sees_the_cancel()
    {
        using Process watch = CtlRun.Start(["--server", _server.Http, "sessions", "watch", "--existing", "--json"]);
        try
        {
            var kinds = new List<string>();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (kinds.Count < 8)
            {
                string line = await watch.StandardOutput.ReadLineAsync(limit.Token) ?? throw new InvalidOperationException("watch ended: " + await watch.StandardError.ReadToEndAsync());
                kinds.Add(JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString()!);
            }

            Assert.Equal(5, kinds.Count(k => k == "KIND_EXISTING"));
            Assert.Equal("KIND_ENDED", kinds[^1]);
            using (Process kill = Process.Start("kill", ["-INT", watch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(limit.Token);
            }

            await watch.WaitForExitAsync(limit.Token);
            Assert.Equal(130, watch.ExitCode);
            Assert.Equal(string.Empty, await watch.StandardError.ReadToEndAsync(limit.Token));
            await _server.NextAsync(line => line.TryGetProperty("cancelled", out JsonElement p) && p.GetString() == "/sstpfarm.v1.SessionService/WatchSessions");
        }
        finally
        {
            if (!watch.HasExited)
            {
                watch.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_response_over_the_size_limit_is_resource_exhausted()
    {
        CtlRun limited = await Ctl("nodes", "get", "huge", "--max-message-size", "2000");
        Assert.True(limited.ExitCode == 1, limited.ToString());
        Assert.Contains("RESOURCE_EXHAUSTED", limited.Stderr, StringComparison.Ordinal);
        CtlRun unlimited = await Ctl("nodes", "get", "huge", "--json");
        Assert.Equal(100_000, Assert.Single(unlimited.JsonLines).GetProperty("version").GetString()!.Length);
    }

    [Fact]
    public async Task Users_take_the_password_from_stdin_never_from_the_command_line()
    {
        CtlRun added = await Ctl(["users", "add", "erin", "--password-stdin", "--static-address", "10.8.0.77", "--reversible"], "pa ss wörd\n");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Matches(@"erin\s+│\s+10\.8\.0\.77\s+│\s+yes", added.Stdout);
        JsonElement request = Assert.Single(_server.Calls("/sstpfarm.v1.UserService/AddUser")).GetProperty("request");
        Assert.Equal("pa ss wörd", request.GetProperty("password").GetString());
        Assert.True(request.GetProperty("keep_reversible_secret").GetBoolean());

        CtlRun exists = await Ctl(["users", "add", "alice", "--password-stdin"], "x\n");
        Assert.True(exists.ExitCode == 6, exists.ToString());

        // stdin is not a terminal and no --password-stdin: refuse before calling.
        CtlRun noTerminal = await Ctl("users", "set-password", "bob");
        Assert.True(noTerminal.ExitCode == 2, noTerminal.ToString());
        Assert.Empty(_server.Calls("/sstpfarm.v1.UserService/SetPassword"));

        Assert.Equal(3, (await Ctl(["users", "set-password", "nobody", "--password-stdin"], "x\n")).ExitCode);
        Assert.Contains("User bob removed.", (await Ctl("users", "remove", "bob")).Stdout, StringComparison.Ordinal);
        Assert.Matches(@"bob\s+│\s+10\.8\.0\.200\s+│\s+yes", (await Ctl("users", "list")).Stdout);
    }

    [Fact]
    public async Task Pools_ticket_keys_and_health()
    {
        Assert.Matches(@"lab\s+│\s+10\.9\.0\.0/28, fd00:9::/120", (await Ctl("pool", "list")).Stdout);
        Assert.Equal("247", Assert.Single((await Ctl("pool", "usage", "--json")).JsonLines).GetProperty("availableNow").GetString());
        Assert.Equal(3, (await Ctl("pool", "usage", "--pool", "missing")).ExitCode);
        CtlRun leases = await Ctl("pool", "leases", "--user", "alice");
        Assert.Matches(@"10\.8\.0\.12\s+│\s+sticky\s+│\s+alice", leases.Stdout);
        Assert.Contains("2 of 2 leases", leases.Stdout, StringComparison.Ordinal);

        JsonElement rotated = Assert.Single((await Ctl("ticket-keys", "rotate", "--json")).JsonLines);
        Assert.Equal("8", rotated.GetProperty("version").GetString());
        Assert.Equal("TICKET_KEY_ROLE_CURRENT", rotated.GetProperty("keys")[1].GetProperty("role").GetString());

        CtlRun serving = await Ctl("health");
        Assert.Equal((0, "SERVING"), (serving.ExitCode, serving.Stdout.Trim()));
        Assert.Equal(5, (await Ctl("health", "--service", "sstpfarm.v1.Draining")).ExitCode);
        Assert.Equal(3, (await Ctl("health", "--service", "nope")).ExitCode);
    }

    [Theory]
    [InlineData("nodes", "bogus")]
    [InlineData("nodes", "get")]
    [InlineData("nodes")]
    [InlineData("--timeout", "5x", "nodes", "list")]
    [InlineData("sessions", "list", "--page-size", "-1")]
    [InlineData("--max-message-size", "10", "nodes", "list")]
    public async Task A_command_line_that_does_not_parse_is_exit_2_without_a_call(params string[] args)
    {
        CtlRun run = await Ctl(args);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Calls("/sstpfarm.v1.NodeService/ListNodes"), _ => true);
    }

    [Fact]
    public async Task Help_documents_the_exit_codes()
    {
        CtlRun help = await CtlRun.RunAsync(["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Exit codes:", help.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"4\s+UNAUTHENTICATED or PERMISSION_DENIED", help.Stdout);
    }

    [Fact]
    public async Task The_token_from_the_environment_is_sent_as_a_bearer_authorization()
    {
        CtlRun run = await CtlRun.RunAsync(["--server", _server.Http, "users", "list"], environment: new Dictionary<string, string> { ["SSTPFARM_TOKEN"] = "env-t0ken" });
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Bearer env-t0ken", Assert.Single(_server.Calls("/sstpfarm.v1.UserService/ListUsers")).GetProperty("authorization").GetString());
    }

    private Task<CtlRun> Ctl(params string[] args) => Ctl(args, null);

    private Task<CtlRun> Ctl(string[] args, string? stdin) => CtlRun.RunAsync(["--server", _server.Http, .. args], stdin);
}
