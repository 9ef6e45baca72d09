using System.CommandLine;
using SstpFarm.Api.Health.V1;
using SstpFarm.Ctl.Grpc;
using SstpFarm.Ctl.Output;
using ServingStatus = SstpFarm.Api.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SstpFarm.Ctl.Commands;

/// <summary><c>health</c>: grpc.health.v1.Health/Check. Exit 0 only when SERVING, 5 otherwise, so it fits a probe.</summary>
internal static class HealthCommand
{
    public static Command Build(CtlRunner runner)
    {
        Option<string> service = TextOption.Create("--service", "A service to ask about, e.g. sstpfarm.v1.SessionService [default: the server as a whole]", "NAME");
        var command = new Command("health", "Whether the node's API is serving (exit 0: SERVING, 5: not serving or unreachable)") { service };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            HealthCheckResponse response = await ctx.CallAsync(ApiMethods.HealthCheck, new HealthCheckRequest { Service = parse.GetRequiredValue(service) }, ct);
            ctx.Output.Write(response, HumanFormat.Enum(response.Status).ToUpperInvariant());
            return response.Status == ServingStatus.Serving ? ExitCodes.Ok : ExitCodes.Unavailable;
        });
        return command;
    }
}
