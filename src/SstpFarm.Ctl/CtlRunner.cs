using System.CommandLine;
using SstpFarm.Ctl.Grpc;

namespace SstpFarm.Ctl;

/// <summary>Runs a command's action with a <see cref="CtlContext"/> and turns failures into messages on stderr and <see cref="ExitCodes"/>.</summary>
internal sealed class CtlRunner
{
    private readonly GlobalOptions _options;

    public CtlRunner(GlobalOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    public void Handle(Command command, Func<CtlContext, ParseResult, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, action, cancellationToken));
    }

    private async Task<int> RunAsync(ParseResult parse, Func<CtlContext, ParseResult, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            using CtlContext context = CtlContext.Create(parse, _options);
            return await action(context, parse, cancellationToken);
        }
        catch (GrpcCallException e) when (e.Status == Api.Grpc.GrpcStatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is how a watch ends: no error message.
            return ExitCodes.Interrupted;
        }
        catch (GrpcCallException e)
        {
            await error.WriteLineAsync($"sstpfarmctl: {e.Message}");
            return ExitCodes.For(e.Status);
        }
        catch (CtlUsageException e)
        {
            await error.WriteLineAsync($"sstpfarmctl: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
