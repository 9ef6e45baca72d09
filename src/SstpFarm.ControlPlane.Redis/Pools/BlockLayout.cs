using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>
/// The pool cut into numbered blocks: each network into blocks of the configured prefix (a network
/// smaller than a block is one block). Block numbers are stable for a given definition, so every
/// node configured with the same pool agrees on them.
/// </summary>
internal sealed class BlockLayout
{
    private const int MaxBlocks = 1 << 22;
    private readonly IpPoolLayout _layout;
    private readonly Ipv4Cidr[] _networks;
    private readonly int[] _firstIndex; // block number of each network's first block
    private readonly int[] _blockPrefix;

    public BlockLayout(IpPoolLayout layout, int blockPrefixLength)
    {
        _layout = layout;
        _networks = [.. layout.Networks];
        _firstIndex = new int[_networks.Length];
        _blockPrefix = new int[_networks.Length];
        long count = 0;
        for (int i = 0; i < _networks.Length; i++)
        {
            _firstIndex[i] = (int)count;
            _blockPrefix[i] = Math.Max(blockPrefixLength, _networks[i].PrefixLength);
            count += 1L << (_blockPrefix[i] - _networks[i].PrefixLength);
            if (count > MaxBlocks)
            {
                throw new ArgumentException($"the pool has more than {MaxBlocks} blocks of /{blockPrefixLength}: choose a shorter block prefix", nameof(blockPrefixLength));
            }
        }

        Count = (int)count;
    }

    public int Count { get; }

    /// <summary>The block holding <paramref name="address"/>, or -1 outside every network.</summary>
    public int IndexOf(uint address)
    {
        for (int i = 0; i < _networks.Length; i++)
        {
            if (_networks[i].Contains(address))
            {
                return _firstIndex[i] + (int)((address - _networks[i].Network) >> (32 - _blockPrefix[i]));
            }
        }

        return -1;
    }

    /// <summary>Addresses of the block that may be leased dynamically (no network/broadcast, excluded or static ones).</summary>
    public IEnumerable<uint> DynamicAddresses(int index)
    {
        int network = Array.FindLastIndex(_firstIndex, first => first <= index);
        int size = 32 - _blockPrefix[network];
        ulong first = _networks[network].Network + ((ulong)(uint)(index - _firstIndex[network]) << size);
        ulong last = first + (1UL << size) - 1;
        for (ulong address = first; address <= last; address++)
        {
            if (_layout.IsDynamic((uint)address))
            {
                yield return (uint)address;
            }
        }
    }
}
