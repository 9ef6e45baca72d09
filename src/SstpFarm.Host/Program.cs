using SstpFarm.Host.Cli;

return await SstpFarmCommandLine.InvokeAsync(args, SstpFarm.Host.HostConsole.System).ConfigureAwait(false);
