namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>Files of the repository the tests check (the shipped HAProxy configs).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string HaproxyTcpConfig => Path.Combine(Root, "deploy", "haproxy", "haproxy-tcp.cfg");

    public static string HaproxyTlsConfig => Path.Combine(Root, "deploy", "haproxy", "haproxy-tls.cfg");

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SstpFarm.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("repository root (SstpFarm.sln) not found above " + AppContext.BaseDirectory);
    }
}
