using SstpFarm.Client.Cli;

return await ClientCommandLine.InvokeAsync(args).ConfigureAwait(false);
