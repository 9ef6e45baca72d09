using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Connection;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>
/// The farm pool (Calico-style): the pool is cut into blocks; a node claims a whole block with an
/// atomic script and hands out its fresh addresses from memory, recording each lease in Redis.
/// A released address is parked in Redis (with its user and release time): from there it goes back
/// to the same user on any node (sticky), and to anybody else only after the cooldown, always
/// through an atomic script. So each address is at any time either in one node's memory (fresh,
/// only that node may lease it) or governed by Redis — never both, and never the same address twice.
/// </summary>
/// <remarks>
/// Fencing: a claim carries a token "node|epoch"; every lease write checks it, and
/// <see cref="MaintainAsync"/> re-asserts the held blocks, so a node learns at once when its block
/// was taken back. Ownership transfers wait for the configured replicas (WAIT) before they are
/// used, so a Sentinel failover cannot forget them. See docs/farm.md.
/// </remarks>
public sealed class RedisIpPool : IIpPool, IDisposable
{
    /// <summary>Tuning: asking again this long after a holder's heartbeat key should have expired.</summary>
    private static readonly TimeSpan StickyRetryMargin = TimeSpan.FromMilliseconds(200);

    private readonly RedisConnection _redis;
    private readonly IpPoolDefinition _definition;
    private readonly IpPoolLayout _layout;
    private readonly BlockLayout _blocks;
    private readonly RedisIpPoolOptions _options;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private readonly string _incarnationCandidate = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _claiming = new(1, 1);
    private readonly SemaphoreSlim _maintaining = new(1, 1);
    private readonly SortedDictionary<int, HeldBlock> _held = [];
    private readonly Dictionary<string, LocalLease> _bySession = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, string> _sessionByAddress = [];
    private readonly Queue<PendingWrite> _pending = new();
    private readonly RedisValue[] _staticArgs;
    private long _confirmedAt;
    private bool _everConfirmed;
    private bool _blocksFull;
    private bool _restoreNeeded;
    private string? _incarnation;
    private long _generationSeen;
    private int _transfersInFlight;

    public RedisIpPool(RedisConnection redis, IpPoolDefinition definition, RedisIpPoolOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _redis = redis;
        _definition = definition;
        _layout = new IpPoolLayout(definition);
        _blocks = new BlockLayout(_layout, options.BlockPrefixLength);
        _options = options;
        _time = timeProvider;
        _prefix = redis.Keys.Pool(definition.Name);
        _staticArgs = [.. _layout.StaticReservations.Select(a => (RedisValue)(long)a)];
        _generationSeen = redis.Generation;
        redis.Reconnected += OnReconnected;
    }

    /// <summary>Raised when leases of this node's sessions are no longer safe to use (see <see cref="LeasesRevokedEventArgs"/>).</summary>
    public event EventHandler<LeasesRevokedEventArgs>? LeasesRevoked;

    public string Name => _definition.Name;

    public string NodeId => _definition.NodeId;

    /// <summary>Blocks this node holds (diagnostics and tests).</summary>
    public IReadOnlyList<int> HeldBlocks
    {
        get
        {
            lock (_gate)
            {
                return [.. _held.Keys];
            }
        }
    }

    /// <summary>Writes made while Redis was unreachable and not replayed yet.</summary>
    public int PendingWrites
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public async ValueTask<IpAllocationResult> AllocateAsync(IpAllocationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_bySession.TryGetValue(request.SessionId, out LocalLease? mine))
            {
                return IpAllocationResult.Allocated(mine.Lease);
            }
        }

        if (request.StaticAddress is not null)
        {
            return await AllocateStaticAsync(request);
        }

        if (request.PreferSticky)
        {
            IpAllocationResult? sticky = await TakeStickyAsync(request, cancellationToken);
            if (sticky is { } stickyResult && (stickyResult.Succeeded || stickyResult.Status == IpAllocationStatus.Unavailable && !CanAllocateOffline()))
            {
                return stickyResult;
            }
        }

        IpAllocationResult? fresh = await AllocateFreshAsync(request);
        if (fresh is { } freshResult)
        {
            return freshResult;
        }

        return await TakeParkedAsync(request, sticky: false) ?? new IpAllocationResult(IpAllocationStatus.Exhausted);
    }

    public async ValueTask<IpReleaseResult> ReleaseAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        LocalLease? local;
        lock (_gate)
        {
            if (_bySession.Remove(sessionId, out local))
            {
                _sessionByAddress.Remove(local.Address);
                if (_pending.Count > 0)
                {
                    _pending.Enqueue(new PendingWrite(local, IsRelease: true, null));
                    return new IpReleaseResult(IpReleaseStatus.Released, local.Lease);
                }
            }
        }

        RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(PoolScripts.Release, sessionId);
        if (!outcome.Available)
        {
            if (local is null)
            {
                return new IpReleaseResult(IpReleaseStatus.Unavailable);
            }

            Enqueue(new PendingWrite(local, IsRelease: true, null));
            return new IpReleaseResult(IpReleaseStatus.Released, local.Lease);
        }

        RedisResult[] r = outcome.Value;
        if ((string?)r[0] == "OK")
        {
            return new IpReleaseResult(IpReleaseStatus.Released, local?.Lease ?? LeaseCodec.Decode(ParseAddress(r[1]), (string?)r[2]));
        }

        return local is null ? new IpReleaseResult(IpReleaseStatus.NotFound) : new IpReleaseResult(IpReleaseStatus.Released, local.Lease);
    }

    public async ValueTask<IpLease?> FindLeaseAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        uint value = Ipv4.ToUInt32(address);
        RedisOutcome<RedisValue> stored = await _redis.RunAsync(db => db.HashGetAsync(_prefix + "leases", (long)value));
        if (stored.Available)
        {
            return LeaseCodec.Decode(value, stored.Value);
        }

        lock (_gate)
        {
            return _sessionByAddress.TryGetValue(value, out string? session) ? _bySession[session].Lease : null;
        }
    }

    /// <summary>Every lease of the farm (from Redis; only this node's own when Redis is unreachable).</summary>
    public async ValueTask<IReadOnlyList<IpLease>> GetLeasesAsync(CancellationToken cancellationToken = default)
    {
        RedisOutcome<HashEntry[]> all = await _redis.RunAsync(db => db.HashGetAllAsync(_prefix + "leases"));
        if (!all.Available)
        {
            lock (_gate)
            {
                return [.. _bySession.Values.OrderBy(l => l.Address).Select(l => l.Lease)];
            }
        }

        return [.. all.Value
            .Select(e => LeaseCodec.Decode(ParseAddress(e.Name), e.Value))
            .OfType<IpLease>()
            .OrderBy(l => Ipv4.ToUInt32(l.Address))];
    }

    /// <summary>Farm-wide counts; only this node's leases when Redis is unreachable.</summary>
    public async ValueTask<IpPoolUsage> GetUsageAsync(CancellationToken cancellationToken = default)
    {
        RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(PoolScripts.Usage, [(long)_definition.Cooldown.TotalMilliseconds, .. _staticArgs]);
        long reserved = _layout.StaticReservations.Count;
        if (!outcome.Available)
        {
            lock (_gate)
            {
                long mine = _bySession.Count;
                return new IpPoolUsage(_layout.Usable, mine, 0, reserved, _layout.Usable - reserved - mine);
            }
        }

        long leased = (long)outcome.Value[0];
        long cooling = (long)outcome.Value[1];
        long leasedStatic = (long)outcome.Value[2];
        return new IpPoolUsage(_layout.Usable, leased, cooling, reserved, _layout.Usable - reserved - (leased - leasedStatic) - cooling);
    }

    /// <summary>
    /// Background duty, every few seconds: re-assert held blocks (fencing), re-write leases Redis
    /// may have lost, replay writes made offline, finish claims. False when Redis was unreachable.
    /// </summary>
    public async ValueTask<bool> MaintainAsync(CancellationToken cancellationToken = default)
    {
        await _maintaining.WaitAsync(cancellationToken);
        try
        {
            _blocksFull = false;
            bool asserted;
            await _claiming.WaitAsync(cancellationToken); // a claim in flight would look like an unknown block
            try
            {
                asserted = await AssertBlocksAsync();
            }
            finally
            {
                _claiming.Release();
            }

            bool done = asserted && await RestoreLeasesAsync() && await FlushPendingAsync() && await LoadBlocksAsync();
            if (!done && OfflineLimitPassed)
            {
                // Cut off from Redis for OfflineAllocationLimit: before ReclaimAfter lets another
                // node take our blocks (and the sticky takeover may already have moved addresses of
                // ours), end every session rather than keep routing addresses we may no longer hold.
                Revoke(_ => true);
            }

            return done;
        }
        finally
        {
            _maintaining.Release();
        }
    }

    /// <summary>
    /// Redis has not confirmed this node's blocks for <see cref="RedisIpPoolOptions.OfflineAllocationLimit"/>:
    /// the pool leases nothing and the maintenance revokes every lease (the node should not take new sessions).
    /// </summary>
    public bool OfflineLimitPassed => Volatile.Read(ref _everConfirmed) && !CanAllocateOffline();

    /// <summary>Nodes that hold blocks or leases of this pool.</summary>
    public async ValueTask<IReadOnlyList<string>?> GetOwnersAsync()
    {
        RedisOutcome<RedisValue[]> owners = await _redis.RunAsync(db => db.SetMembersAsync(_prefix + "owners"));
        return owners.Available ? [.. owners.Value.Select(v => (string)v!)] : null;
    }

    /// <summary>
    /// Takes back a dead node's blocks and parks its leases for their users. Only for a node that
    /// is silent for longer than <see cref="RedisIpPoolOptions.ReclaimAfter"/> and has no session left
    /// (the caller checks both; see <c>FarmReaper</c>). Returns (blocks, leases), or null when unavailable.
    /// </summary>
    public async ValueTask<(long Blocks, long Leases)?> ReclaimNodeAsync(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        if (string.Equals(nodeId, NodeId, StringComparison.Ordinal))
        {
            throw new ArgumentException("a node never reclaims itself", nameof(nodeId));
        }

        RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(PoolScripts.Reclaim, nodeId);
        return outcome.Available ? ((long)outcome.Value[0], (long)outcome.Value[1]) : null;
    }

    public void Dispose()
    {
        _redis.Reconnected -= OnReconnected;
        _claiming.Dispose();
        _maintaining.Dispose();
    }

    private async ValueTask<IpAllocationResult?> AllocateFreshAsync(IpAllocationRequest request)
    {
        while (true)
        {
            LocalLease? tentative = null;
            HeldBlock? block = null;
            bool queued;
            lock (_gate)
            {
                if (_bySession.TryGetValue(request.SessionId, out LocalLease? mine))
                {
                    return IpAllocationResult.Allocated(mine.Lease);
                }

                foreach (HeldBlock held in _held.Values)
                {
                    if (held.Loaded && held.Free.Count > 0)
                    {
                        block = held;
                        uint address = held.Free.Min;
                        held.Free.Remove(address);
                        tentative = NewLease(address, request, IpLeaseKind.Dynamic, reservedStatic: false);
                        Track(tentative);
                        break;
                    }
                }

                queued = _pending.Count > 0;
            }

            if (block is null || tentative is null)
            {
                ClaimOutcome claim = await ClaimBlockAsync();
                if (claim == ClaimOutcome.Claimed)
                {
                    continue;
                }

                return claim == ClaimOutcome.Unavailable ? new IpAllocationResult(IpAllocationStatus.Unavailable) : null;
            }

            if (queued)
            {
                return OfflineGrant(tentative, block);
            }

            long started = _time.GetTimestamp();
            RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(
                PoolScripts.Lease, block.Index, block.Token, (long)tentative.Address, request.SessionId, request.UserName, NodeId, tentative.Value);
            if (!outcome.Available)
            {
                return OfflineGrant(tentative, block);
            }

            switch ((string?)outcome.Value[0])
            {
                case "OK":
                    Confirm(started);
                    return IpAllocationResult.Allocated(tentative.Lease);
                case "LOST":
                    _restoreNeeded = true; // Redis forgot the block: maintenance re-asserts it
                    return OfflineGrant(tentative, block);
                case "EXISTS" when ParseAddress(outcome.Value[1]) == tentative.Address:
                    Confirm(started); // a restore wrote our tentative lease first
                    return IpAllocationResult.Allocated(tentative.Lease);
                case "EXISTS":
                    Untrack(tentative, returnTo: block);
                    return IpAllocationResult.Allocated(Adopt(outcome.Value).Lease);
                case "FENCED":
                    Untrack(tentative, returnTo: null);
                    DropBlocks([block]);
                    continue;
                default: // TAKEN: Redis governs this address already; never hand it out
                    Untrack(tentative, returnTo: null);
                    continue;
            }
        }
    }

    /// <summary>
    /// The user's previous address: parked, or leased by the user on a node that died (takeover).
    /// While that node is not declared dead yet, waits for its heartbeat key to run out, within
    /// <see cref="RedisIpPoolOptions.StickyTakeoverWait"/> (a killed node's users reconnect before
    /// the TTL is over); a holder that beat meanwhile is alive, and the user gets another address.
    /// </summary>
    private async ValueTask<IpAllocationResult?> TakeStickyAsync(IpAllocationRequest request, CancellationToken cancellationToken)
    {
        TimeSpan waited = TimeSpan.Zero;
        for (int attempt = 0; ; attempt++)
        {
            IpAllocationResult? result = await TakeParkedAsync(request, sticky: true);
            if (result is not { Status: IpAllocationStatus.CoolingDown, RetryAfter: { } held })
            {
                return result;
            }

            TimeSpan wait = held + StickyRetryMargin;
            if (attempt >= 3 || waited + wait > _options.StickyTakeoverWait)
            {
                return null;
            }

            await Task.Delay(wait, _time, cancellationToken);
            waited += wait;
        }
    }

    private async ValueTask<IpAllocationResult?> TakeParkedAsync(IpAllocationRequest request, bool sticky)
    {
        IpLeaseKind kind = sticky ? IpLeaseKind.Sticky : IpLeaseKind.Dynamic;
        LocalLease proposed = NewLease(0, request, kind, reservedStatic: false);
        Interlocked.Increment(ref _transfersInFlight);
        try
        {
            RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(
                PoolScripts.TakeParked, sticky ? "sticky" : "oldest", request.SessionId, request.UserName, NodeId, proposed.Value, (long)_definition.Cooldown.TotalMilliseconds,
                (long)UntilTakeoverTrusted().TotalMilliseconds, _redis.Keys.Prefix + ":node:", (long)_options.NodeTimeToLive.TotalMilliseconds);
            if (!outcome.Available)
            {
                return new IpAllocationResult(IpAllocationStatus.Unavailable);
            }

            RedisResult[] r = outcome.Value;
            switch ((string?)r[0])
            {
                case "OK":
                    return await ConfirmTransferAsync(proposed with { Address = ParseAddress(r[1]), Lease = proposed.Lease with { Address = Ipv4.ToAddress(ParseAddress(r[1])) } });
                case "EXISTS":
                    return await ConfirmTransferAsync(LocalOf(r));
                case "COOLING" or "HELD": // HELD only in sticky mode: TakeStickyAsync tells them apart
                    return new IpAllocationResult(IpAllocationStatus.CoolingDown, RetryAfter: TimeSpan.FromMilliseconds((long)r[1]));
                case "RECOVERING":
                    return new IpAllocationResult(IpAllocationStatus.Unavailable);
                case "EMPTY":
                    return new IpAllocationResult(IpAllocationStatus.Exhausted);
                default:
                    return null; // NONE: nothing to take back for this user
            }
        }
        finally
        {
            Interlocked.Decrement(ref _transfersInFlight);
        }
    }

    private async ValueTask<IpAllocationResult> AllocateStaticAsync(IpAllocationRequest request)
    {
        if (_layout.CheckStatic(request.StaticAddress!, out uint address) is IpAllocationStatus refused)
        {
            return new IpAllocationResult(refused);
        }

        bool reserved = _layout.IsStatic(address);
        int blockIndex = reserved ? -1 : _blocks.IndexOf(address);
        HeldBlock? mine = null;
        bool tookFromFree = false;
        LocalLease proposed = NewLease(address, request, IpLeaseKind.Static, reserved);
        lock (_gate)
        {
            if (_sessionByAddress.TryGetValue(address, out string? holder))
            {
                return new IpAllocationResult(IpAllocationStatus.StaticAddressInUse, HolderSessionId: holder);
            }

            if (blockIndex >= 0 && _held.TryGetValue(blockIndex, out mine))
            {
                tookFromFree = mine.Free.Remove(address);
            }
        }

        Interlocked.Increment(ref _transfersInFlight);
        try
        {
            RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(
                PoolScripts.TakeStatic, (long)address, request.SessionId, request.UserName, NodeId, proposed.Value,
                (long)_definition.Cooldown.TotalMilliseconds, blockIndex >= 0 ? blockIndex.ToString(CultureInfo.InvariantCulture) : string.Empty, mine?.Token ?? string.Empty);
            string? status = outcome.Available ? (string?)outcome.Value[0] : null;
            if (tookFromFree && status is not ("OK" or "INUSE"))
            {
                lock (_gate)
                {
                    mine!.Free.Add(address);
                }
            }

            return status switch
            {
                null or "RECOVERING" => new IpAllocationResult(IpAllocationStatus.Unavailable),
                "OK" => await ConfirmTransferAsync(proposed),
                "EXISTS" => await ConfirmTransferAsync(LocalOf(outcome.Value)),
                "INUSE" => new IpAllocationResult(IpAllocationStatus.StaticAddressInUse, HolderSessionId: (string?)outcome.Value[1]),
                "COOLING" => new IpAllocationResult(IpAllocationStatus.CoolingDown, RetryAfter: TimeSpan.FromMilliseconds((long)outcome.Value[1])),
                _ => new IpAllocationResult(IpAllocationStatus.StaticAddressInUse), // OWNED: a fresh address of another node's block
            };
        }
        finally
        {
            Interlocked.Decrement(ref _transfersInFlight);
        }
    }

    /// <summary>A transfer counts only once the replicas have it: a failover must not forget it.</summary>
    private async ValueTask<IpAllocationResult> ConfirmTransferAsync(LocalLease lease)
    {
        if (!await _redis.WaitForReplicasAsync())
        {
            // Not replicated: a failover may or may not keep it. Give it back rather than leak it
            // (a lost release is harmless: the address then never left Redis's hands).
            RedisOutcome<RedisResult[]> released = await RunScriptAsync(PoolScripts.Release, lease.Lease.SessionId);
            if (!released.Available)
            {
                Enqueue(new PendingWrite(lease, IsRelease: true, null));
            }

            return new IpAllocationResult(IpAllocationStatus.Unavailable);
        }

        lock (_gate)
        {
            if (_bySession.TryGetValue(lease.Lease.SessionId, out LocalLease? mine))
            {
                return IpAllocationResult.Allocated(mine.Lease);
            }

            Track(lease);
        }

        return IpAllocationResult.Allocated(lease.Lease);
    }

    private async ValueTask<ClaimOutcome> ClaimBlockAsync()
    {
        await _claiming.WaitAsync();
        try
        {
            lock (_gate)
            {
                if (_held.Values.Any(b => b.Loaded && b.Free.Count > 0))
                {
                    return ClaimOutcome.Claimed; // another caller claimed while we waited
                }
            }

            if (_blocksFull)
            {
                return ClaimOutcome.Full;
            }

            long started = _time.GetTimestamp();
            RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(PoolScripts.Claim, NodeId, _blocks.Count);
            if (!outcome.Available)
            {
                return ClaimOutcome.Unavailable;
            }

            RedisResult[] r = outcome.Value;
            NoteIncarnation((string?)r[1]);
            switch ((string?)r[0])
            {
                case "OK":
                    var block = new HeldBlock(int.Parse((string)r[2]!, CultureInfo.InvariantCulture), (string)r[3]!);
                    lock (_gate)
                    {
                        _held[block.Index] = block;
                    }

                    Confirm(started);
                    return await LoadBlockAsync(block) ? ClaimOutcome.Claimed : ClaimOutcome.Unavailable;
                case "FULL":
                    _blocksFull = true;
                    return ClaimOutcome.Full;
                default:
                    return ClaimOutcome.Unavailable; // RECOVERING
            }
        }
        finally
        {
            _claiming.Release();
        }
    }

    /// <summary>Waits for the claim to be replicated, then learns which of the block's addresses Redis governs already.</summary>
    private async ValueTask<bool> LoadBlockAsync(HeldBlock block)
    {
        if (!await _redis.WaitForReplicasAsync())
        {
            return false;
        }

        uint[] candidates = [.. _blocks.DynamicAddresses(block.Index)];
        RedisOutcome<RedisResult[]> taken = await RunScriptAsync(PoolScripts.BlockState, [.. candidates.Select(a => (RedisValue)(long)a)]);
        if (!taken.Available)
        {
            return false;
        }

        var governed = taken.Value.Select(ParseAddress).ToHashSet();
        lock (_gate)
        {
            foreach (uint address in candidates)
            {
                if (!governed.Contains(address) && !_sessionByAddress.ContainsKey(address))
                {
                    block.Free.Add(address);
                }
            }

            block.Loaded = true;
        }

        return true;
    }

    private async ValueTask<bool> LoadBlocksAsync()
    {
        HeldBlock[] unloaded;
        lock (_gate)
        {
            unloaded = [.. _held.Values.Where(b => !b.Loaded)];
        }

        foreach (HeldBlock block in unloaded)
        {
            if (!await LoadBlockAsync(block))
            {
                return false;
            }
        }

        return true;
    }

    private async ValueTask<bool> AssertBlocksAsync()
    {
        HeldBlock[] held;
        lock (_gate)
        {
            held = [.. _held.Values];
        }

        var args = new List<RedisValue> { NodeId };
        foreach (HeldBlock block in held)
        {
            args.Add(block.Index);
            args.Add(block.Token);
        }

        long started = _time.GetTimestamp();
        RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(PoolScripts.Assert, [.. args]);
        if (!outcome.Available)
        {
            return false;
        }

        RedisResult[] r = outcome.Value;
        NoteIncarnation((string?)r[0]);
        RedisResult[] statuses = (RedisResult[])r[1]!;
        var fenced = new List<HeldBlock>();
        for (int i = 0; i < held.Length; i++)
        {
            switch ((string?)statuses[i])
            {
                case "FENCED":
                    fenced.Add(held[i]);
                    break;
                case "RESTORED":
                    _restoreNeeded = true;
                    break;
            }
        }

        // Blocks Redis says are ours but we never heard of: a claim whose answer was lost.
        RedisResult[] unknown = (RedisResult[])r[2]!;
        lock (_gate)
        {
            for (int i = 0; i + 1 < unknown.Length; i += 2)
            {
                int index = int.Parse((string)unknown[i]!, CultureInfo.InvariantCulture);
                _held.TryAdd(index, new HeldBlock(index, (string)unknown[i + 1]!));
            }
        }

        if (r.Length > 3 && (long)r[3] == 1)
        {
            _restoreNeeded = true; // leases were taken over while we looked dead: Restore reports them as conflicts
        }

        DropBlocks(fenced);
        Confirm(started);
        return true;
    }

    /// <summary>After a reconnection, a new primary or a lost block: re-write every lease this node holds.</summary>
    private async ValueTask<bool> RestoreLeasesAsync()
    {
        long generation = _redis.Generation;
        if (!_restoreNeeded && generation == Interlocked.Read(ref _generationSeen))
        {
            return true;
        }

        _restoreNeeded = false;
        LocalLease[] mine;
        lock (_gate)
        {
            mine = [.. _bySession.Values];
        }

        bool cleanStrays = Volatile.Read(ref _transfersInFlight) == 0;
        var args = new List<RedisValue> { NodeId, cleanStrays ? "1" : "0" };
        foreach (LocalLease lease in mine)
        {
            args.Add((long)lease.Address);
            args.Add(lease.Lease.SessionId);
            args.Add(lease.Lease.UserName);
            args.Add(lease.Value);
        }

        RedisOutcome<RedisResult[]> outcome = await RunScriptAsync(PoolScripts.Restore, [.. args]);
        if (!outcome.Available)
        {
            _restoreNeeded = true;
            return false;
        }

        Interlocked.Exchange(ref _generationSeen, generation);
        if (!cleanStrays)
        {
            _restoreNeeded = true; // a lost release may still hold an address: look again when no transfer runs
        }

        var conflicts = outcome.Value.Select(ParseAddress).ToHashSet();
        Revoke(l => conflicts.Contains(l.Address));
        return true;
    }

    private async ValueTask<bool> FlushPendingAsync()
    {
        while (true)
        {
            PendingWrite? next;
            lock (_gate)
            {
                if (!_pending.TryPeek(out next))
                {
                    return true;
                }
            }

            LocalLease lease = next.Lease;
            bool current;
            lock (_gate)
            {
                current = _bySession.TryGetValue(lease.Lease.SessionId, out LocalLease? held) && ReferenceEquals(held, lease);
            }

            if (!next.IsRelease && !current)
            {
                lock (_gate)
                {
                    _pending.Dequeue(); // revoked or released meanwhile: never write it (a queued release follows, if any)
                }

                continue;
            }

            RedisOutcome<RedisResult[]> outcome = next.IsRelease
                ? await RunScriptAsync(PoolScripts.Release, lease.Lease.SessionId)
                : await RunScriptAsync(PoolScripts.Lease, next.Block!.Index, next.Block.Token, (long)lease.Address, lease.Lease.SessionId, lease.Lease.UserName, NodeId, lease.Value);
            if (!outcome.Available)
            {
                return false;
            }

            string? status = (string?)outcome.Value[0];
            if (status == "LOST")
            {
                _restoreNeeded = true;
                return false; // the next maintenance re-asserts the block first
            }

            lock (_gate)
            {
                _pending.Dequeue();
            }

            if (!next.IsRelease && status is "FENCED" or "TAKEN")
            {
                Revoke(l => ReferenceEquals(l, lease));
                if (status == "FENCED")
                {
                    DropBlocks([next.Block!]);
                }
            }
        }
    }

    private IpAllocationResult OfflineGrant(LocalLease lease, HeldBlock block)
    {
        if (!CanAllocateOffline())
        {
            Untrack(lease, returnTo: block);
            return new IpAllocationResult(IpAllocationStatus.Unavailable);
        }

        Enqueue(new PendingWrite(lease, IsRelease: false, block));
        return IpAllocationResult.Allocated(lease.Lease);
    }

    /// <summary>
    /// A takeover trusts an expired heartbeat key only once our own connection has been up for a
    /// node TTL: after an outage (or when we just started) every live node must first have had the
    /// time to heartbeat again. Zero once it has.
    /// </summary>
    private TimeSpan UntilTakeoverTrusted()
    {
        TimeSpan left = _options.NodeTimeToLive - _redis.StableFor;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Only while Redis confirmed our blocks recently: past the limit another node may reclaim them.</summary>
    private bool CanAllocateOffline() =>
        Volatile.Read(ref _everConfirmed) && _time.GetElapsedTime(Interlocked.Read(ref _confirmedAt)) < _options.OfflineAllocationLimit;

    private void Confirm(long startedAt)
    {
        // The call's start, not its end: Redis saw the ownership at some point after it.
        long current = Interlocked.Read(ref _confirmedAt);
        if (!_everConfirmed || startedAt > current)
        {
            Interlocked.Exchange(ref _confirmedAt, startedAt);
        }

        Volatile.Write(ref _everConfirmed, true);
    }

    private void NoteIncarnation(string? incarnation)
    {
        if (incarnation is null)
        {
            return;
        }

        string? previous = Interlocked.Exchange(ref _incarnation, incarnation);
        if (previous is not null && previous != incarnation)
        {
            _restoreNeeded = true; // Redis lost the pool and started over: put our leases back
        }
    }

    private void DropBlocks(List<HeldBlock> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        var indexes = new HashSet<int>();
        lock (_gate)
        {
            foreach (HeldBlock block in blocks)
            {
                if (_held.TryGetValue(block.Index, out HeldBlock? current) && ReferenceEquals(current, block))
                {
                    _held.Remove(block.Index);
                    indexes.Add(block.Index);
                }
            }
        }

        // Whoever holds the block now may hand out any address of it Redis did not know as ours
        // (a write still pending): conservatively stop using all of them. Reserved statics live
        // outside blocks.
        Revoke(l => !_layout.IsStatic(l.Address) && indexes.Contains(_blocks.IndexOf(l.Address)));
    }

    private void Revoke(Func<LocalLease, bool> predicate)
    {
        List<IpLease> revoked = [];
        lock (_gate)
        {
            foreach (LocalLease lease in _bySession.Values.Where(predicate).ToArray())
            {
                _bySession.Remove(lease.Lease.SessionId);
                _sessionByAddress.Remove(lease.Address);
                revoked.Add(lease.Lease);

                // Back to its block's fresh list if we still hold the block: the lease script hands
                // it out again only when Redis neither leases nor parks it (TAKEN otherwise).
                if (!_layout.IsStatic(lease.Address) && _held.TryGetValue(_blocks.IndexOf(lease.Address), out HeldBlock? block) && block.Loaded)
                {
                    block.Free.Add(lease.Address);
                }
            }
        }

        if (revoked.Count > 0)
        {
            LeasesRevoked?.Invoke(this, new LeasesRevokedEventArgs(revoked));
        }
    }

    private void OnReconnected(object? sender, EventArgs e) => _restoreNeeded = true;

    private LocalLease NewLease(uint address, IpAllocationRequest request, IpLeaseKind kind, bool reservedStatic)
    {
        var lease = new IpLease(Ipv4.ToAddress(address), request.SessionId, request.UserName, NodeId, kind, _time.GetUtcNow());
        return new LocalLease(lease, address, LeaseCodec.Encode(lease, reservedStatic));
    }

    private LocalLease Adopt(RedisResult[] existing)
    {
        LocalLease lease = LocalOf(existing);
        lock (_gate)
        {
            if (_bySession.TryGetValue(lease.Lease.SessionId, out LocalLease? mine))
            {
                return mine;
            }

            Track(lease);
        }

        return lease;
    }

    private static LocalLease LocalOf(RedisResult[] existing)
    {
        uint address = ParseAddress(existing[1]);
        string value = (string)existing[2]!;
        return new LocalLease(LeaseCodec.Decode(address, value) ?? throw new InvalidDataException($"unreadable lease '{value}'"), address, value);
    }

    private void Track(LocalLease lease)
    {
        _bySession[lease.Lease.SessionId] = lease;
        _sessionByAddress[lease.Address] = lease.Lease.SessionId;
    }

    private void Untrack(LocalLease lease, HeldBlock? returnTo)
    {
        lock (_gate)
        {
            if (_bySession.TryGetValue(lease.Lease.SessionId, out LocalLease? current) && ReferenceEquals(current, lease))
            {
                _bySession.Remove(lease.Lease.SessionId);
                _sessionByAddress.Remove(lease.Address);
            }

            if (returnTo is not null && _held.TryGetValue(returnTo.Index, out HeldBlock? held) && ReferenceEquals(held, returnTo))
            {
                returnTo.Free.Add(lease.Address);
            }
        }
    }

    private void Enqueue(PendingWrite write)
    {
        lock (_gate)
        {
            _pending.Enqueue(write);
        }
    }

    private ValueTask<RedisOutcome<RedisResult[]>> RunScriptAsync(string script, params RedisValue[] args)
    {
        RedisValue[] argv = [_prefix, _time.GetUtcNow().ToUnixTimeMilliseconds(), (long)_options.RecoveryWindow.TotalMilliseconds, _incarnationCandidate + "|" + Volatile.Read(ref _incarnation), .. args];
        return _redis.RunAsync(async db => (RedisResult[])(await db.ScriptEvaluateAsync(script, null, argv))!);
    }

    private static uint ParseAddress(RedisResult value) => uint.Parse((string)value!, CultureInfo.InvariantCulture);

    private static uint ParseAddress(RedisValue value) => uint.Parse((string)value!, CultureInfo.InvariantCulture);

    private enum ClaimOutcome
    {
        Claimed,
        Full,
        Unavailable,
    }
}
