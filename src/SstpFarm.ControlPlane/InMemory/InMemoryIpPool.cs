using System.Net;
using System.Net.Sockets;
using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.InMemory;

/// <summary>
/// The single-node pool: every decision under one lock, so "never the same address twice" holds
/// by construction. Fresh addresses are handed out first (a cursor over the networks, so a /8 costs
/// nothing up front); after that, released addresses are reused oldest-first, which both honours the
/// cooldown and keeps each user's previous address free for as long as possible (sticky).
/// </summary>
public sealed class InMemoryIpPool : IIpPool
{
    private readonly IpPoolDefinition _definition;
    private readonly TimeProvider _time;
    private readonly (uint First, uint Last)[] _ranges;
    private readonly HashSet<uint> _excluded = [];
    private readonly HashSet<uint> _static = [];
    private readonly long _usable;
    private readonly Lock _gate = new();

    private readonly Dictionary<uint, IpLease> _leases = [];
    private readonly Dictionary<string, uint> _addressBySession = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _lastAddressByUser = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, ReleaseRecord> _lastRelease = [];
    private readonly Queue<(uint Address, long Sequence)> _reuseQueue = new();
    private long _releaseSequence;
    private int _cursorRange;
    private ulong _cursorNext;

    public InMemoryIpPool(IpPoolDefinition definition, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (definition.Networks.Count == 0)
        {
            throw new ArgumentException("a pool needs at least one network", nameof(definition));
        }

        _definition = definition;
        _time = timeProvider;
        var networks = definition.Networks.OrderBy(n => n.Network).ToArray();
        for (int i = 1; i < networks.Length; i++)
        {
            if (networks[i - 1].Overlaps(networks[i]))
            {
                throw new ArgumentException($"pool networks {networks[i - 1]} and {networks[i]} overlap", nameof(definition));
            }
        }

        _ranges = networks.Select(n => n.UsableRange).ToArray();
        _usable = _ranges.Sum(r => (long)r.Last - r.First + 1);
        foreach (IPAddress address in definition.Excluded)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork && IsUsable(Ipv4.ToUInt32(address)) && _excluded.Add(Ipv4.ToUInt32(address)))
            {
                _usable--;
            }
        }

        foreach (IPAddress address in definition.StaticReservations)
        {
            uint value = address.AddressFamily == AddressFamily.InterNetwork ? Ipv4.ToUInt32(address) : 0;
            if (!IsUsable(value) || _excluded.Contains(value))
            {
                throw new ArgumentException($"static address {address} is not a usable address of pool '{definition.Name}'", nameof(definition));
            }

            _static.Add(value);
        }

        _cursorNext = _ranges[0].First;
    }

    public string Name => _definition.Name;

    public ValueTask<IpAllocationResult> AllocateAsync(IpAllocationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            return new(Allocate(request));
        }
    }

    public ValueTask<IpReleaseResult> ReleaseAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_addressBySession.Remove(sessionId, out uint address))
            {
                return new(new IpReleaseResult(IpReleaseStatus.NotFound));
            }

            _leases.Remove(address, out IpLease? lease);
            long sequence = ++_releaseSequence;
            _lastRelease[address] = new ReleaseRecord(lease!.UserName, _time.GetTimestamp(), sequence);
            if (!_static.Contains(address))
            {
                _reuseQueue.Enqueue((address, sequence));
            }

            return new(new IpReleaseResult(IpReleaseStatus.Released, lease));
        }
    }

    public ValueTask<IpLease?> FindLeaseAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return new((IpLease?)null);
        }

        lock (_gate)
        {
            return new(_leases.GetValueOrDefault(Ipv4.ToUInt32(address)));
        }
    }

    public ValueTask<IReadOnlyList<IpLease>> GetLeasesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_leases.Values.OrderBy(l => Ipv4.ToUInt32(l.Address)).ToArray());
        }
    }

    public ValueTask<IpPoolUsage> GetUsageAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            long coolingDown = _reuseQueue.Count(e => IsCurrent(e) && IsCoolingDown(_lastRelease[e.Address], now));
            long leasedStatic = _leases.Keys.Count(_static.Contains);
            long leasedDynamic = _leases.Count - leasedStatic;
            return new(new IpPoolUsage(_usable, _leases.Count, coolingDown, _static.Count, _usable - _static.Count - leasedDynamic - coolingDown));
        }
    }

    private IpAllocationResult Allocate(IpAllocationRequest request)
    {
        if (_addressBySession.TryGetValue(request.SessionId, out uint existing))
        {
            return IpAllocationResult.Allocated(_leases[existing]);
        }

        long now = _time.GetTimestamp();
        if (request.StaticAddress is not null)
        {
            return AllocateStatic(request, now);
        }

        if (request.PreferSticky
            && _lastAddressByUser.TryGetValue(request.UserName, out uint previous)
            && !_leases.ContainsKey(previous)
            && !_static.Contains(previous)
            && _lastRelease.TryGetValue(previous, out ReleaseRecord release)
            && release.UserName == request.UserName)
        {
            return Grant(previous, request, IpLeaseKind.Sticky);
        }

        if (TryTakeFresh(out uint fresh))
        {
            return Grant(fresh, request, IpLeaseKind.Dynamic);
        }

        while (_reuseQueue.TryPeek(out (uint Address, long Sequence) head))
        {
            if (!IsCurrent(head))
            {
                _reuseQueue.Dequeue(); // taken since (sticky or static) or released again later
                continue;
            }

            ReleaseRecord last = _lastRelease[head.Address];
            if (last.UserName != request.UserName && IsCoolingDown(last, now))
            {
                // The queue is in release order: if its head is still cooling, so is everything behind it.
                return new IpAllocationResult(IpAllocationStatus.CoolingDown, RetryAfter: _definition.Cooldown - _time.GetElapsedTime(last.Timestamp, now));
            }

            _reuseQueue.Dequeue();
            return Grant(head.Address, request, IpLeaseKind.Dynamic);
        }

        return new IpAllocationResult(IpAllocationStatus.Exhausted);
    }

    private IpAllocationResult AllocateStatic(IpAllocationRequest request, long now)
    {
        IPAddress requested = request.StaticAddress!;
        if (requested.AddressFamily != AddressFamily.InterNetwork)
        {
            return new IpAllocationResult(IpAllocationStatus.StaticAddressOutsidePool);
        }

        uint address = Ipv4.ToUInt32(requested);
        if (!IsUsable(address))
        {
            bool inNetwork = _definition.Networks.Any(n => n.Contains(address));
            return new IpAllocationResult(inNetwork ? IpAllocationStatus.StaticAddressReserved : IpAllocationStatus.StaticAddressOutsidePool);
        }

        if (_excluded.Contains(address))
        {
            return new IpAllocationResult(IpAllocationStatus.StaticAddressReserved);
        }

        if (_leases.TryGetValue(address, out IpLease? holder))
        {
            return new IpAllocationResult(IpAllocationStatus.StaticAddressInUse, HolderSessionId: holder.SessionId);
        }

        if (_lastRelease.TryGetValue(address, out ReleaseRecord last) && last.UserName != request.UserName && IsCoolingDown(last, now))
        {
            return new IpAllocationResult(IpAllocationStatus.CoolingDown, RetryAfter: _definition.Cooldown - _time.GetElapsedTime(last.Timestamp, now));
        }

        return Grant(address, request, IpLeaseKind.Static);
    }

    private IpAllocationResult Grant(uint address, IpAllocationRequest request, IpLeaseKind kind)
    {
        var lease = new IpLease(Ipv4.ToAddress(address), request.SessionId, request.UserName, _definition.NodeId, kind, _time.GetUtcNow());
        _leases.Add(address, lease); // throws on a duplicate: a bug here must never hand out an address twice
        _addressBySession.Add(request.SessionId, address);
        _lastAddressByUser[request.UserName] = address;
        return IpAllocationResult.Allocated(lease);
    }

    private bool TryTakeFresh(out uint address)
    {
        while (_cursorRange < _ranges.Length)
        {
            (uint first, uint last) = _ranges[_cursorRange];
            while (_cursorNext <= last)
            {
                uint candidate = (uint)_cursorNext++;
                if (!_excluded.Contains(candidate) && !_static.Contains(candidate) && !_leases.ContainsKey(candidate) && !_lastRelease.ContainsKey(candidate))
                {
                    address = candidate;
                    return true;
                }
            }

            _cursorRange++;
            if (_cursorRange < _ranges.Length)
            {
                _cursorNext = _ranges[_cursorRange].First;
            }
        }

        address = 0;
        return false;
    }

    private bool IsCurrent((uint Address, long Sequence) entry) =>
        !_leases.ContainsKey(entry.Address) && _lastRelease.TryGetValue(entry.Address, out ReleaseRecord r) && r.Sequence == entry.Sequence;

    private bool IsCoolingDown(ReleaseRecord release, long now) => _time.GetElapsedTime(release.Timestamp, now) < _definition.Cooldown;

    private bool IsUsable(uint address)
    {
        foreach ((uint first, uint last) in _ranges)
        {
            if (address >= first && address <= last)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct ReleaseRecord(string UserName, long Timestamp, long Sequence);
}
