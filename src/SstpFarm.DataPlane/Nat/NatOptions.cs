using System.Net;
using System.Net.Sockets;

namespace SstpFarm.DataPlane.Nat;

/// <summary>Settings of the opt-in pool masquerade (<c>--nat</c>).</summary>
public sealed class NatOptions
{
    /// <summary>The client address pool, e.g. "10.0.0.0/24" (IPv4).</summary>
    public string PoolCidr { get; set; } = string.Empty;

    /// <summary>The TUN interface carrying the pool: traffic going back into it is not masqueraded.
    /// Null = masquerade whatever leaves the pool for a destination outside it.</summary>
    public string? PoolInterface { get; set; }

    /// <summary>The nftables table we own (family ip); removed whole on dispose.</summary>
    public string TableName { get; set; } = "sstpfarm";

    /// <summary>The nft binary.</summary>
    public string NftPath { get; set; } = "nft";

    /// <summary>Network namespace to act in (tests); null = ours.</summary>
    public string? NetworkNamespacePath { get; set; }

    internal IPNetwork Validate()
    {
        if (!IPNetwork.TryParse(PoolCidr, out IPNetwork pool) || pool.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"NAT pool '{PoolCidr}' is not an IPv4 CIDR such as 10.0.0.0/24", nameof(PoolCidr));
        }

        RequireName(TableName, nameof(TableName));
        if (PoolInterface is not null)
        {
            RequireName(PoolInterface, nameof(PoolInterface));
        }

        return pool;
    }

    // Names go into the nft script: allow only what interface and table names use.
    private static void RequireName(string value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"'{value}' is not a valid name (letters, digits, _ - .)", name);
        }
    }
}
