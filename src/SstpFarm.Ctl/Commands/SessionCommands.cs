using System.CommandLine;
using SstpFarm.Api.V1;
using SstpFarm.Ctl.Grpc;
using SstpFarm.Ctl.Output;

namespace SstpFarm.Ctl.Commands;

/// <summary><c>sessions list|get|disconnect|disconnect-user|watch</c> (SessionService).</summary>
internal static class SessionCommands
{
    public static Command Build(CtlRunner runner)
    {
        var sessions = new Command("sessions", "Live sessions of the farm");
        sessions.Subcommands.Add(List(runner));
        sessions.Subcommands.Add(Get(runner));
        sessions.Subcommands.Add(Disconnect(runner));
        sessions.Subcommands.Add(DisconnectUser(runner));
        sessions.Subcommands.Add(Watch(runner));
        return sessions;
    }

    private static Command List(CtlRunner runner)
    {
        Option<string> user = TextOption.Create("--user", "Only this user's sessions", "NAME");
        Option<string> node = TextOption.Create("--node", "Only sessions on this node", "NODE-ID");
        Option<string> address = TextOption.Create("--address", "Only the session with this inner (tunnel) IPv4/IPv6 address", "IP");
        var paging = new PageOptions();
        var command = new Command("list", "Sessions, filtered (AND) and paged, ordered by session id") { user, node, address };
        paging.AddTo(command);
        runner.Handle(command, (ctx, parse, ct) => paging.ListAsync(
            ctx,
            parse,
            (size, token) => ctx.CallAsync(ApiMethods.ListSessions, new ListSessionsRequest { UserName = parse.GetRequiredValue(user), NodeId = parse.GetRequiredValue(node), InnerAddress = parse.GetRequiredValue(address), PageSize = size, PageToken = token }, ct),
            page => (page.Sessions, page.TotalSize, page.NextPageToken),
            SessionViews.List,
            "sessions"));
        return command;
    }

    private static Command Get(CtlRunner runner)
    {
        var id = new Argument<string>("session-id") { Description = "The session's id" };
        var command = new Command("get", "One live session (exit 3 when there is no such session)") { id };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            Session session = await ctx.CallAsync(ApiMethods.GetSession, new GetSessionRequest { SessionId = parse.GetRequiredValue(id) }, ct);
            ctx.Output.Write(session, () => SessionViews.One(session));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Disconnect(CtlRunner runner)
    {
        var id = new Argument<string>("session-id") { Description = "The session's id" };
        var command = new Command("disconnect", "End one session (queued for its node; exit 3 when there is no such session)") { id };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            string sessionId = parse.GetRequiredValue(id);
            DisconnectSessionResponse response = await ctx.CallAsync(ApiMethods.DisconnectSession, new DisconnectSessionRequest { SessionId = sessionId }, ct);
            ctx.Output.Write(response, $"Disconnect of session {sessionId} queued for node {response.NodeId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command DisconnectUser(CtlRunner runner)
    {
        var name = new Argument<string>("user") { Description = "The user's name" };
        var command = new Command("disconnect-user", "End every session of a user, on every node (not an error when there are none)") { name };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            string userName = parse.GetRequiredValue(name);
            DisconnectUserResponse response = await ctx.CallAsync(ApiMethods.DisconnectUser, new DisconnectUserRequest { UserName = userName }, ct);
            string nodes = response.NodeIds.Count > 0 ? $" on {string.Join(", ", response.NodeIds)}" : string.Empty;
            ctx.Output.Write(response, $"Disconnecting {response.SessionCount} sessions of {userName}{nodes}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch(CtlRunner runner)
    {
        Option<string> user = TextOption.Create("--user", "Only this user's sessions", "NAME");
        Option<string> node = TextOption.Create("--node", "Only sessions on this node", "NODE-ID");
        var existing = new Option<bool>("--existing") { Description = "First list every matching live session (kind existing), then live events" };
        var command = new Command("watch", "Print session events as they happen, one per line, until Ctrl+C (or --timeout)") { user, node, existing };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            var request = new WatchSessionsRequest { UserName = parse.GetRequiredValue(user), NodeId = parse.GetRequiredValue(node), IncludeExisting = parse.GetValue(existing) };

            // A stream has no deadline unless one was asked for.
            await foreach (SessionEvent e in ctx.Client.StreamAsync(ApiMethods.WatchSessions, request, ctx.Timeout, ct))
            {
                ctx.Output.Write(e, SessionViews.Line(e));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
