namespace SstpFarm.Ctl;

internal static class Program
{
    private static Task<int> Main(string[] args) => CtlCommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}
