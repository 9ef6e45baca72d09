using System.CommandLine;
using SstpFarm.Api.V1;
using SstpFarm.Ctl.Grpc;
using SstpFarm.Ctl.Output;

namespace SstpFarm.Ctl.Commands;

/// <summary><c>ticket-keys status|rotate</c> (TicketKeyService). Only fingerprints ever leave the farm.</summary>
internal static class TicketKeyCommands
{
    public static Command Build(CtlRunner runner)
    {
        var keys = new Command("ticket-keys", "The farm's TLS session-ticket keys (fingerprints only)");

        var status = new Command("status", "Key fingerprints by role and the rotation times");
        runner.Handle(status, async (ctx, _, ct) => Show(ctx, await ctx.CallAsync(ApiMethods.GetTicketKeyStatus, new GetTicketKeyStatusRequest(), ct)));
        keys.Subcommands.Add(status);

        var rotate = new Command("rotate", "Rotate now: previous <- current <- next <- a new key");
        runner.Handle(rotate, async (ctx, _, ct) => Show(ctx, await ctx.CallAsync(ApiMethods.RotateTicketKeys, new RotateTicketKeysRequest(), ct)));
        keys.Subcommands.Add(rotate);
        return keys;
    }

    private static int Show(CtlContext ctx, TicketKeyStatus status)
    {
        ctx.Output.Write(status, () => TicketKeyViews.Status(status));
        return ExitCodes.Ok;
    }
}
