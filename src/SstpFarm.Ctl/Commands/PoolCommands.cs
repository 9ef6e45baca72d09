using System.CommandLine;
using SstpFarm.Api.V1;
using SstpFarm.Ctl.Grpc;
using SstpFarm.Ctl.Output;

namespace SstpFarm.Ctl.Commands;

/// <summary><c>pool usage|list|leases</c> (PoolService).</summary>
internal static class PoolCommands
{
    public static Command Build(CtlRunner runner)
    {
        var pool = new Command("pool", "Address pools and their leases");
        pool.Subcommands.Add(Usage(runner));
        pool.Subcommands.Add(List(runner));
        pool.Subcommands.Add(Leases(runner));
        return pool;
    }

    private static Option<string> PoolOption() => TextOption.Create("--pool", "The pool's name [default: the node's default pool]", "NAME");

    private static Command Usage(CtlRunner runner)
    {
        Option<string> name = PoolOption();
        var command = new Command("usage", "How full one pool is (exit 3 for an unknown pool)") { name };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            PoolUsage usage = await ctx.CallAsync(ApiMethods.GetPoolUsage, new GetPoolUsageRequest { Pool = parse.GetRequiredValue(name) }, ct);
            ctx.Output.Write(usage, () => PoolViews.Usage([usage]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CtlRunner runner)
    {
        var command = new Command("list", "Every pool with its usage");
        runner.Handle(command, async (ctx, _, ct) =>
        {
            ListPoolsResponse response = await ctx.CallAsync(ApiMethods.ListPools, new ListPoolsRequest(), ct);
            ctx.Output.Write(response, () => PoolViews.Usage(response.Pools));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Leases(CtlRunner runner)
    {
        Option<string> name = PoolOption();
        Option<string> user = TextOption.Create("--user", "Only this user's leases", "NAME");
        Option<string> node = TextOption.Create("--node", "Only leases held on this node", "NODE-ID");
        var paging = new PageOptions();
        var command = new Command("leases", "Leased addresses, filtered (AND) and paged, ordered by address") { name, user, node };
        paging.AddTo(command);
        runner.Handle(command, (ctx, parse, ct) => paging.ListAsync(
            ctx,
            parse,
            (size, token) => ctx.CallAsync(ApiMethods.ListLeases, new ListLeasesRequest { Pool = parse.GetRequiredValue(name), UserName = parse.GetRequiredValue(user), NodeId = parse.GetRequiredValue(node), PageSize = size, PageToken = token }, ct),
            page => (page.Leases, page.TotalSize, page.NextPageToken),
            PoolViews.Leases,
            "leases"));
        return command;
    }
}
