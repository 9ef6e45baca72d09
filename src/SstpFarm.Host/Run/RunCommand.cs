using System.Net;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Redis;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Users;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Host.Certificates;
using SstpFarm.Host.Configuration;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Run;

/// <summary>`sstpfarm run`: validate, prepare (state dir, certificate, users, control plane), report, then hand over to the runner.</summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(ConfigLoadResult config, bool checkOnly, INodeRunner runner, HostConsole console, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        int exitCode = Prepare(config, checkOnly, console, time, out NodeStartup? startup);
        if (startup is null)
        {
            return exitCode;
        }

        RedisConnectionOptions? redis = SstpFarmOptionsValidator.RedisConnection(startup.Options.Farm, out _);
        if (redis is null)
        {
            return await runner.RunAsync(startup, cancellationToken).ConfigureAwait(false);
        }

        // Farm mode: the same interfaces over Redis. An absent Redis is not fatal (calls answer
        // Unavailable until it is there; held blocks keep serving).
        RedisControlPlane farm = await RedisControlPlane.CreateAsync(new RedisControlPlaneOptions { Connection = redis, TicketKeyRotation = startup.Options.Farm.TicketKeyRotation }, PoolDefinition(startup.Options, startup.Users.Current), time, cancellationToken).ConfigureAwait(false);
        await using (farm.ConfigureAwait(false))
        {
            farm.Start();
            RedisUserStore users = await StartFarmUsersAsync(farm, startup, time).ConfigureAwait(false);
            await using (users.ConfigureAwait(false))
            {
                return await runner.RunAsync(startup with { ControlPlane = farm, AuthenticationUsers = users, UserAdministration = users }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>In a farm the users live in Redis; the node's file only seeds a farm that never had users.</summary>
    private static async Task<RedisUserStore> StartFarmUsersAsync(RedisControlPlane farm, NodeStartup startup, TimeProvider time)
    {
        var users = new RedisUserStore(farm.Connection, time, startup.Users.Current);
        await users.StartAsync().ConfigureAwait(false);
        string said = users.SeedStatus switch
        {
            UserSeedStatus.Imported => $"{startup.Users.Path} imported (the farm had no users)",
            UserSeedStatus.FarmHasUsers => $"{startup.Users.Path} not used (the farm has its users)",
            UserSeedStatus.Pending => $"Redis not reachable yet: serving {startup.Users.Path} until it is",
            _ => $"{startup.Users.Path} is empty",
        };
        await startup.Console.Out.WriteLineAsync($"sstpfarm: users: the farm's, in Redis ({users.Count} known); {said}").ConfigureAwait(false);
        return users;
    }

    /// <summary>Everything before the data plane; returns the exit code when there is nothing to run (errors, or --check).</summary>
    public static int Prepare(ConfigLoadResult config, bool checkOnly, HostConsole console, TimeProvider time, out NodeStartup? startup)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);
        startup = null;
        if (!config.Succeeded)
        {
            return Cli.Report.ConfigErrors(console, config.Errors);
        }

        SstpFarmOptions options = config.Options;
        var errors = new List<ConfigError>();
        EnsureStateDirectory(options.StateDirectory, errors);
        ServerCertificate? certificate = errors.Count == 0 && !options.Tls.Disabled
            ? ServerCertificateLoader.Ensure(options.Tls, options.StateDirectory, time, errors)
            : null;
        FileUserStore? users = FileUserStore.Open(options.Authentication.UsersFile!, out UserFileLoadResult usersLoad);
        if (users is null)
        {
            errors.Add(new ConfigError("users", options.Authentication.UsersFile, $"is not a valid user file: {usersLoad.Error}"));
        }

        if (errors.Count > 0)
        {
            return Cli.Report.ConfigErrors(console, errors);
        }

        TextWriter output = console.Out;
        output.WriteLine("sstpfarm: effective configuration (keys as in the config file; // says where each value came from):");
        output.Write(EffectiveConfig.Render(options, config.Sources));
        if (certificate is not null)
        {
            DescribeCertificate(output, certificate);
            foreach (string warning in ServerCertificateLoader.Warnings(certificate, time.GetUtcNow()))
            {
                console.Error.WriteLine($"sstpfarm: warning: {warning}");
            }
        }

        foreach (string warning in usersLoad.Warnings.Concat(UserWarnings(users!, options)))
        {
            console.Error.WriteLine($"sstpfarm: warning: {warning}");
        }

        if (users!.Count == 0)
        {
            output.WriteLine($"No users yet in {users.Path}. Create the first one with:");
            output.WriteLine($"  sstpfarm users add NAME --users {users.Path}");
            output.WriteLine("(it asks for the password; or pipe it with --password-stdin)");
        }

        if (checkOnly)
        {
            output.WriteLine("sstpfarm: configuration is valid");
            return ExitCodes.Ok;
        }

        var controlPlane = new InMemoryControlPlane(PoolDefinition(options, users.Current), time);
        startup = new NodeStartup(options, certificate, users, controlPlane, time, console);
        return ExitCodes.Ok;
    }

    /// <summary>The pool as configured: the tunnel address kept out, users' static addresses reserved.</summary>
    public static IpPoolDefinition PoolDefinition(SstpFarmOptions options, UserDatabase users)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        AddressingOptions addressing = options.Addressing;
        return new IpPoolDefinition
        {
            Networks = addressing.Pools,
            Excluded = [addressing.EffectiveTunnelAddress],
            StaticReservations = users.Users.Select(u => u.StaticAddress).OfType<IPAddress>().Where(a => InPool(addressing, a) && !a.Equals(addressing.EffectiveTunnelAddress)).ToArray(),
            Cooldown = addressing.AddressCooldown,
            NodeId = options.NodeId,
        };
    }

    private static IEnumerable<string> UserWarnings(FileUserStore users, SstpFarmOptions options)
    {
        foreach (LocalUser user in users.Current.Users)
        {
            if (user.StaticAddress is null)
            {
                continue;
            }

            if (!InPool(options.Addressing, user.StaticAddress))
            {
                yield return $"user '{user.Name}' has static address {user.StaticAddress}, outside pool {string.Join(',', options.Addressing.Pools)}: their sessions will be refused";
            }
            else if (user.StaticAddress.Equals(options.Addressing.EffectiveTunnelAddress))
            {
                yield return $"user '{user.Name}' has static address {user.StaticAddress}, the server's own tunnel address: their sessions will be refused";
            }
        }

        if (options.Authentication.Methods.Contains(AuthMethod.ChapMd5) && !users.Current.Users.Any(u => u.ReversibleSecret is not null) && users.Count > 0)
        {
            yield return "auth includes chap-md5, but no user has a reversible secret (add users with --reversible-secret)";
        }
    }

    private static bool InPool(AddressingOptions addressing, IPAddress address)
    {
        uint value = Ipv4.ToUInt32(address);
        return addressing.Pools.Any(p => value >= p.UsableRange.First && value <= p.UsableRange.Last);
    }

    private static void DescribeCertificate(TextWriter output, ServerCertificate server)
    {
        string origin = server.Origin switch
        {
            ServerCertificateOrigin.Generated => "self-signed, generated now",
            ServerCertificateOrigin.Reused => "self-signed, generated on an earlier start",
            _ => "configured",
        };
        output.WriteLine($"certificate: {server.CertificatePath} ({origin})");
        output.WriteLine($"  subject:     {server.Certificate.Subject}, valid until {server.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        output.WriteLine($"  SHA-256:     {CertificateFingerprints.Format(server.Fingerprints.Sha256)}");
        output.WriteLine($"  SHA-1:       {CertificateFingerprints.Format(server.Fingerprints.Sha1)}");
        if (server.Origin != ServerCertificateOrigin.Configured)
        {
            output.WriteLine("  Clients must trust this certificate: import it, or pin its SHA-256 fingerprint.");
        }
    }

    private static void EnsureStateDirectory(string path, List<ConfigError> errors)
    {
        try
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError("state-dir", path, $"cannot be created: {e.Message}"));
        }
    }
}
