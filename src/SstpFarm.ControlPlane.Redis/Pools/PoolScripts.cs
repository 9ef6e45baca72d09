namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>
/// The pool's atomic steps. Every script gets ARGV[1] = the pool's key prefix, ARGV[2] = now (unix
/// ms, the caller's clock), ARGV[3] = recovery window (ms), ARGV[4] = "candidate|known": a fresh
/// incarnation id (used only when the pool's meta record is missing) and the incarnation the caller
/// has seen before ('' if none); its own arguments start at ARGV[5].
/// Numbers written back are formatted with %d: Lua 5.1 prints large doubles in exponent form.
/// </summary>
internal static class PoolScripts
{
    private const string Prelude = """
        local P = ARGV[1]
        local now = tonumber(ARGV[2])
        local function fmt(n) return string.format('%d', n) end
        local candidate, known = string.match(ARGV[4], '^([^|]*)|(.*)$')
        local function ensure_meta()
          local window = tonumber(ARGV[3])
          local m = redis.call('HMGET', P..'meta', 'incarnation', 'recoverUntil', 'createdAt')
          if not m[1] then
            -- First start, or Redis lost the pool? Lost, if the caller knew a pool or any of its keys is left.
            local lost = known ~= '' or redis.call('EXISTS', P..'blocks', P..'leases', P..'epoch', P..'parked', P..'released', P..'owners', P..'last', P..'sessions') > 0
            local untilMs = now
            if lost then untilMs = now + window end
            redis.call('HSET', P..'meta', 'incarnation', candidate, 'createdAt', fmt(now), 'recoverUntil', fmt(untilMs), 'fresh', lost and '0' or '1')
            return candidate, untilMs
          end
          local untilMs = tonumber(m[2])
          if known ~= '' and known ~= m[1] and untilMs < tonumber(m[3]) + window then
            -- Taken for a first start by a node that knew nothing, but we held the pool before it was lost.
            untilMs = tonumber(m[3]) + window
            redis.call('HSET', P..'meta', 'recoverUntil', fmt(untilMs), 'fresh', '0')
          end
          return m[1], untilMs
        end
        local function parse(v)
          return string.match(v, '^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$')
        end
        local function grant(addr, session, user, node, value)
          redis.call('HSET', P..'leases', addr, value)
          redis.call('HSET', P..'sessions', session, addr)
          redis.call('HSET', P..'last', user, addr)
          redis.call('SADD', P..'node:'..node, addr)
          redis.call('SADD', P..'owners', node)
          redis.call('ZREM', P..'parked', addr)
          redis.call('HDEL', P..'released', addr)
        end
        local function park(addr, user, reserved)
          local seq = redis.call('INCR', P..'relseq') % 1024
          if reserved ~= '1' then redis.call('ZADD', P..'parked', fmt(now * 1024 + seq), addr) end
          redis.call('HSET', P..'released', addr, user..'|'..fmt(now))
        end
        local function existing(session)
          local a = redis.call('HGET', P..'sessions', session)
          if a then
            local v = redis.call('HGET', P..'leases', a)
            if v then return {'EXISTS', a, v} end
          end
          return nil
        end
        local function released(addr)
          local rel = redis.call('HGET', P..'released', addr)
          if not rel then return nil, 0 end
          local user, ms = string.match(rel, '^(.*)|(%d+)$')
          return user, tonumber(ms)
        end

        """;

    /// <summary>ARGV[5] node, ARGV[6] block count → {OK, incarnation, index, token} | {FULL, inc} | {RECOVERING, inc, ms}.</summary>
    public const string Claim = Prelude + """
        local inc, untilMs = ensure_meta()
        if now < untilMs then return {'RECOVERING', inc, fmt(untilMs - now)} end
        local node = ARGV[5]
        for i = 0, tonumber(ARGV[6]) - 1 do
          local b = fmt(i)
          local v = redis.call('HGET', P..'blocks', b)
          if (not v) or string.sub(v, 1, 2) == 'R|' then
            local token = node..'|'..fmt(redis.call('INCR', P..'epoch'))
            redis.call('HSET', P..'blocks', b, token)
            redis.call('SADD', P..'blocks:'..node, b)
            redis.call('SADD', P..'owners', node)
            return {'OK', inc, b, token}
          end
        end
        return {'FULL', inc}
        """;

    /// <summary>ARGV[5..] addresses → those leased or parked (not free for the block's owner).</summary>
    public const string BlockState = Prelude + """
        local taken = {}
        for i = 5, #ARGV do
          if redis.call('HEXISTS', P..'leases', ARGV[i]) == 1 or redis.call('ZSCORE', P..'parked', ARGV[i]) then
            table.insert(taken, ARGV[i])
          end
        end
        return taken
        """;

    /// <summary>
    /// A fresh address of the caller's own block. ARGV[5] block, [6] token, [7] addr, [8] session,
    /// [9] user, [10] node, [11] lease → {OK} | {EXISTS, addr, lease} | {LOST} | {FENCED} | {TAKEN}.
    /// </summary>
    public const string Lease = Prelude + """
        local owner = redis.call('HGET', P..'blocks', ARGV[5])
        if not owner then return {'LOST'} end
        if owner ~= ARGV[6] then return {'FENCED'} end
        local e = existing(ARGV[8])
        if e then return e end
        if redis.call('HEXISTS', P..'leases', ARGV[7]) == 1 or redis.call('ZSCORE', P..'parked', ARGV[7]) then return {'TAKEN'} end
        grant(ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11])
        return {'OK'}
        """;

    /// <summary>
    /// Reuse of a parked address. ARGV[5] mode (sticky: the user's last address if it is parked and
    /// was theirs; oldest: the longest-parked one, past the cooldown unless it was the user's),
    /// [6] session, [7] user, [8] node, [9] lease, [10] cooldown ms, [11] ms before the caller may
    /// trust an expired heartbeat key (its own connection is not stable for a TTL yet; 0: now),
    /// [12] prefix of the directory's node keys, [13] node TTL ms
    /// → {OK, addr} | {EXISTS, addr, lease} | {NONE} | {EMPTY} | {COOLING, ms} | {RECOVERING, inc, ms}
    /// | {HELD, ms}: the user's last address is leased by the user on a node not yet dead; ask again in ms.
    /// A takeover (the holder is in the node directory, its alive key expired and its lease is older than the TTL) moves the
    /// lease to the caller and marks the holder <c>evicted</c>, so that it revokes that session
    /// when it comes back (<see cref="Assert"/>).
    /// </summary>
    public const string TakeParked = Prelude + """
        local inc, untilMs = ensure_meta()
        if now < untilMs then return {'RECOVERING', inc, fmt(untilMs - now)} end
        local e = existing(ARGV[6])
        if e then return e end
        local addr
        if ARGV[5] == 'sticky' then
          addr = redis.call('HGET', P..'last', ARGV[7])
          if not addr then return {'NONE'} end
          if not redis.call('ZSCORE', P..'parked', addr) then
            local v = redis.call('HGET', P..'leases', addr)
            if not v then return {'NONE'} end
            local s, user, holder, kind, granted = parse(v)
            if user ~= ARGV[7] or holder == ARGV[8] then return {'NONE'} end
            local ttl = tonumber(ARGV[13])
            if redis.call('EXISTS', ARGV[12]..holder) == 0 then return {'NONE'} end -- not in the directory: no notion of its death
            local alive = redis.call('PTTL', ARGV[12]..holder..':alive')
            if alive == -1 then return {'HELD', fmt(ttl)} end
            if alive > 0 then return {'HELD', fmt(alive)} end
            local age = now - tonumber(granted)
            if age < ttl then return {'HELD', fmt(ttl - age)} end
            if tonumber(ARGV[11]) > 0 then return {'HELD', ARGV[11]} end
            redis.call('HDEL', P..'sessions', s)
            redis.call('SREM', P..'node:'..holder, addr)
            redis.call('SADD', P..'evicted', holder)
            grant(addr, ARGV[6], ARGV[7], ARGV[8], ARGV[9])
            return {'OK', addr}
          end
          local user = released(addr)
          if user ~= ARGV[7] then return {'NONE'} end
        else
          local head = redis.call('ZRANGE', P..'parked', 0, 0)
          if #head == 0 then return {'EMPTY'} end
          addr = head[1]
          local user, ms = released(addr)
          local elapsed = now - ms
          if user ~= ARGV[7] and elapsed < tonumber(ARGV[10]) then return {'COOLING', fmt(tonumber(ARGV[10]) - elapsed)} end
        end
        if redis.call('HEXISTS', P..'leases', addr) == 1 then
          redis.call('ZREM', P..'parked', addr)
          return {'NONE'}
        end
        grant(addr, ARGV[6], ARGV[7], ARGV[8], ARGV[9])
        return {'OK', addr}
        """;

    /// <summary>
    /// A user's static address. ARGV[5] addr, [6] session, [7] user, [8] node, [9] lease,
    /// [10] cooldown ms, [11] block of the address ('' for a reserved static), [12] the caller's
    /// token when it owns that block → {OK} | {EXISTS, addr, lease} | {INUSE, session} |
    /// {OWNED, token} | {COOLING, ms} | {RECOVERING, inc, ms}.
    /// </summary>
    public const string TakeStatic = Prelude + """
        local inc, untilMs = ensure_meta()
        if now < untilMs then return {'RECOVERING', inc, fmt(untilMs - now)} end
        local e = existing(ARGV[6])
        if e then return e end
        local holder = redis.call('HGET', P..'leases', ARGV[5])
        if holder then return {'INUSE', (parse(holder))} end
        if ARGV[11] ~= '' then
          local owner = redis.call('HGET', P..'blocks', ARGV[11])
          if owner and string.sub(owner, 1, 2) ~= 'R|' and owner ~= ARGV[12] and not redis.call('ZSCORE', P..'parked', ARGV[5]) then
            return {'OWNED', owner}
          end
        end
        local user, ms = released(ARGV[5])
        if user and user ~= ARGV[7] and now - ms < tonumber(ARGV[10]) then
          return {'COOLING', fmt(tonumber(ARGV[10]) - (now - ms))}
        end
        grant(ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9])
        return {'OK'}
        """;

    /// <summary>ARGV[5] session → {OK, addr, lease} | {NOTFOUND}. The address is parked (reserved statics only keep their release record).</summary>
    public const string Release = Prelude + """
        local addr = redis.call('HGET', P..'sessions', ARGV[5])
        if not addr then return {'NOTFOUND'} end
        local v = redis.call('HGET', P..'leases', addr)
        if not v then
          redis.call('HDEL', P..'sessions', ARGV[5])
          return {'NOTFOUND'}
        end
        local s, user, node, kind, granted, reserved = parse(v)
        if s ~= ARGV[5] then
          redis.call('HDEL', P..'sessions', ARGV[5])
          return {'NOTFOUND'}
        end
        redis.call('HDEL', P..'sessions', s)
        redis.call('HDEL', P..'leases', addr)
        redis.call('SREM', P..'node:'..node, addr)
        park(addr, user, reserved)
        return {'OK', addr, v}
        """;

    /// <summary>
    /// The caller still holds its blocks? ARGV[5] node, then (block, token) pairs → {incarnation,
    /// {OK|RESTORED|FENCED per pair}, {block, token of blocks Redis gives the node that it did not list},
    /// 1 when leases were taken over from the node while it looked dead (it must restore: see
    /// <see cref="Restore"/>)}. A block with no owner at all means Redis lost it (restart
    /// without persistence, failover before replication): the holder takes it back.
    /// </summary>
    public const string Assert = Prelude + """
        local inc = ensure_meta()
        local statuses = {}
        local known = {}
        local node = ARGV[5]
        for i = 6, #ARGV, 2 do
          local b, token = ARGV[i], ARGV[i + 1]
          known[b] = true
          local owner = redis.call('HGET', P..'blocks', b)
          if owner == token then
            table.insert(statuses, 'OK')
          elseif not owner then
            redis.call('HSET', P..'blocks', b, token)
            redis.call('SADD', P..'blocks:'..node, b)
            redis.call('SADD', P..'owners', node)
            local epoch = tonumber(string.match(token, '|(%d+)$'))
            if tonumber(redis.call('GET', P..'epoch') or '0') < epoch then redis.call('SET', P..'epoch', fmt(epoch)) end
            table.insert(statuses, 'RESTORED')
          else
            table.insert(statuses, 'FENCED')
          end
        end
        local unknown = {}
        for _, b in ipairs(redis.call('SMEMBERS', P..'blocks:'..node)) do
          local owner = redis.call('HGET', P..'blocks', b)
          if not known[b] and owner and string.sub(owner, 1, #node + 1) == node..'|' then
            table.insert(unknown, b)
            table.insert(unknown, owner)
          end
        end
        local evicted = redis.call('SREM', P..'evicted', node)
        return {inc, statuses, unknown, evicted}
        """;

    /// <summary>
    /// Re-writes the caller's leases after Redis lost writes. ARGV[5] node, [6] '1' to release the
    /// node's leases Redis has but the node does not, then (addr, session, user, lease) quads →
    /// addresses now held by another session (the caller must drop its own).
    /// </summary>
    public const string Restore = Prelude + """
        local node = ARGV[5]
        local mine = {}
        local conflicts = {}
        for i = 7, #ARGV, 4 do
          local addr, s, user, v = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
          mine[addr] = true
          local cur = redis.call('HGET', P..'leases', addr)
          if not cur then
            grant(addr, s, user, node, v)
          elseif (parse(cur)) ~= s then
            table.insert(conflicts, addr)
          end
        end
        if ARGV[6] == '1' then
          for _, addr in ipairs(redis.call('SMEMBERS', P..'node:'..node)) do
            if not mine[addr] then
              local v = redis.call('HGET', P..'leases', addr)
              if v then
                local s, user, owner, kind, granted, reserved = parse(v)
                redis.call('HDEL', P..'leases', addr)
                redis.call('HDEL', P..'sessions', s)
                park(addr, user, reserved)
              end
              redis.call('SREM', P..'node:'..node, addr)
            end
          end
        end
        return conflicts
        """;

    /// <summary>
    /// Takes back a dead node's blocks (tombstoned, so a returning holder learns it was fenced) and
    /// parks its leases for their users. ARGV[5] node → {blocks, leases}.
    /// </summary>
    public const string Reclaim = Prelude + """
        local node = ARGV[5]
        local blocks = redis.call('SMEMBERS', P..'blocks:'..node)
        for _, b in ipairs(blocks) do
          local owner = redis.call('HGET', P..'blocks', b)
          if owner and string.sub(owner, 1, #node + 1) == node..'|' then
            redis.call('HSET', P..'blocks', b, 'R|'..string.match(owner, '|(%d+)$'))
          end
        end
        redis.call('DEL', P..'blocks:'..node)
        local n = 0
        for _, addr in ipairs(redis.call('SMEMBERS', P..'node:'..node)) do
          local v = redis.call('HGET', P..'leases', addr)
          if v then
            local s, user, owner, kind, granted, reserved = parse(v)
            if owner == node then
              redis.call('HDEL', P..'leases', addr)
              redis.call('HDEL', P..'sessions', s)
              park(addr, user, reserved)
              n = n + 1
            end
          end
        end
        redis.call('DEL', P..'node:'..node)
        redis.call('SREM', P..'owners', node)
        return {#blocks, n}
        """;

    /// <summary>ARGV[5] cooldown ms, [6..] reserved statics → {leased, cooling, leased statics}.</summary>
    public const string Usage = Prelude + """
        local leased = redis.call('HLEN', P..'leases')
        local cooling = redis.call('ZCOUNT', P..'parked', fmt((now - tonumber(ARGV[5]) + 1) * 1024), '+inf')
        local statics = 0
        for i = 6, #ARGV do
          if redis.call('HEXISTS', P..'leases', ARGV[i]) == 1 then statics = statics + 1 end
        end
        return {leased, cooling, statics}
        """;
}
