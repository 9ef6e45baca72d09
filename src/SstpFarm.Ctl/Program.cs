namespace SstpFarm.Ctl;

internal static class Program
{
    private static int Main() => 0;
}
