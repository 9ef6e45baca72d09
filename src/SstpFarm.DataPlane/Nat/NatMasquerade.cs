using System.Globalization;
using System.Net;
using SstpFarm.DataPlane.Interop;

namespace SstpFarm.DataPlane.Nat;

/// <summary>
/// Opt-in masquerade for the client pool: turns on net.ipv4.ip_forward (remembering the old
/// value) and installs a dedicated nftables table with one postrouting rule that masquerades the
/// pool out of every other interface. <see cref="Dispose"/> (also run at process exit) deletes the
/// table and restores ip_forward.
/// </summary>
public sealed class NatMasquerade : IDisposable
{
    private const string IpForwardPath = "/proc/sys/net/ipv4/ip_forward";

    private readonly NatOptions _options;
    private readonly string _previousIpForward;
    private readonly EventHandler _onExit;
    private int _disposed;

    private NatMasquerade(NatOptions options, string previousIpForward, string ruleset)
    {
        _options = options;
        _previousIpForward = previousIpForward;
        Ruleset = ruleset;
        _onExit = (_, _) => DisposeAtExit();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>The nft script that was installed.</summary>
    public string Ruleset { get; }

    /// <summary>Installs the masquerade. Throws <see cref="NftablesException"/> (with command, exit
    /// code and stderr) when nft refuses; ip_forward is then left as it was.</summary>
    public static NatMasquerade Enable(NatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IPNetwork pool = options.Validate();
        string ruleset = BuildRuleset(options.TableName, pool, options.PoolInterface);
        return NetworkNamespaceRunner.Run(options.NetworkNamespacePath, () =>
        {
            string previous = File.ReadAllText(IpForwardPath).Trim();
            File.WriteAllText(IpForwardPath, "1");
            try
            {
                NftCommand.Run(options.NftPath, ruleset, "-f", "-");
            }
            catch
            {
                File.WriteAllText(IpForwardPath, previous);
                throw;
            }

            return new NatMasquerade(options, previous, ruleset);
        });
    }

    /// <summary>Deletes our table and puts ip_forward back (even when nft fails, which then throws
    /// <see cref="NftablesException"/>).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        NetworkNamespaceRunner.Run(_options.NetworkNamespacePath, () =>
        {
            try
            {
                NftCommand.Run(_options.NftPath, null, "delete", "table", "ip", _options.TableName);
            }
            finally
            {
                File.WriteAllText(IpForwardPath, _previousIpForward);
            }
        });
    }

    private void DisposeAtExit()
    {
        try
        {
            Dispose();
        }
        catch (NftablesException e)
        {
            // Nobody is left to catch it at process exit; say what remains installed.
            Console.Error.WriteLine($"sstpfarm: removing the NAT table failed: {e.Message}");
        }
    }

    /// <summary>
    /// The whole table in one nft transaction. Declaring then deleting the table first makes the
    /// script idempotent: a table left by a crashed run is replaced atomically.
    /// </summary>
    internal static string BuildRuleset(string table, IPNetwork pool, string? poolInterface)
    {
        string match = poolInterface is null
            ? $"ip saddr {pool} ip daddr != {pool}"
            : $"ip saddr {pool} oifname != \"{poolInterface}\"";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            table ip {{table}} {
            }
            delete table ip {{table}}
            table ip {{table}} {
                chain postrouting {
                    type nat hook postrouting priority 100; policy accept;
                    {{match}} masquerade
                }
            }

            """);
    }
}
