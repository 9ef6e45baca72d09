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
    private readonly IpPoolLayout _layout;
    private readonly IReadOnlyList<(uint First, uint Last)> _ranges;
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
        _layout = new IpPoolLayout(definition);
        _definition = definition;
        _time = timeProvider;
        _ranges = _layout.Ranges;
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
            if (!_layout.IsStatic(address))
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
            long leasedStatic = _leases.Keys.Count(_layout.IsStatic);
            long leasedDynamic = _leases.Count - leasedStatic;
            long reserved = _layout.StaticReservations.Count;
            return new(new IpPoolUsage(_layout.Usable, _leases.Count, coolingDown, reserved, _layout.Usable - reserved - leasedDynamic - coolingDown));
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
            && !_layout.IsStatic(previous)
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
        if (_layout.CheckStatic(request.StaticAddress!, out uint address) is IpAllocationStatus refused)
        {
            return new IpAllocationResult(refused);
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
        while (_cursorRange < _ranges.Count)
        {
            (uint first, uint last) = _ranges[_cursorRange];
            while (_cursorNext <= last)
            {
                uint candidate = (uint)_cursorNext++;
                if (_layout.IsDynamic(candidate) && !_leases.ContainsKey(candidate) && !_lastRelease.ContainsKey(candidate))
                {
                    address = candidate;
                    return true;
                }
            }

            _cursorRange++;
            if (_cursorRange < _ranges.Count)
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

    private readonly record struct ReleaseRecord(string UserName, long Timestamp, long Sequence);
}
