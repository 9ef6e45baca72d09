namespace SstpFarm.ControlPlane.Redis.Users;

/// <summary>
/// The farm's user edits, each one atomic script (ARGV[1] is the key prefix): the name, its
/// case-folded form and the static address are checked and claimed together, the version grows
/// and the change is announced on P:users:changed. Edits answer <c>{status[, version, value]}</c>.
/// </summary>
internal static class UserScripts
{
    private const string Prelude = """
        local P = ARGV[1]
        local USERS, FOLD, STATIC = P..':users', P..':users:fold', P..':users:static'
        local function changed()
          local v = redis.call('INCR', P..':users:version')
          redis.call('PUBLISH', P..':users:changed', v)
          return v
        end

        """;

    /// <summary>ARGV[2] name, [3] folded name, [4] value, [5] static address or "".</summary>
    public const string Add = Prelude + """
        local name, fold, value, addr = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        if redis.call('HEXISTS', USERS, name) == 1 then return {'EXISTS'} end
        if redis.call('HEXISTS', FOLD, fold) == 1 then return {'CASE'} end
        if addr ~= '' and redis.call('HEXISTS', STATIC, addr) == 1 then return {'STATIC'} end
        redis.call('HSET', USERS, name, value)
        redis.call('HSET', FOLD, fold, name)
        if addr ~= '' then redis.call('HSET', STATIC, addr, name) end
        return {'OK', changed(), value}
        """;

    /// <summary>ARGV[2] name, [3] NT hash hex, [4] "1" with a reversible secret in [5], else "0".</summary>
    public const string SetSecret = Prelude + """
        local name = ARGV[2]
        local current = redis.call('HGET', USERS, name)
        if not current then return {'NOTFOUND'} end
        local user = cjson.decode(current)
        user.h = ARGV[3]
        if ARGV[4] == '1' then user.s = ARGV[5] else user.s = nil end
        local value = cjson.encode(user)
        redis.call('HSET', USERS, name, value)
        return {'OK', changed(), value}
        """;

    /// <summary>ARGV[2] name, [3] folded name.</summary>
    public const string Remove = Prelude + """
        local name, fold = ARGV[2], ARGV[3]
        local current = redis.call('HGET', USERS, name)
        if not current then return {'NOTFOUND'} end
        local user = cjson.decode(current)
        if type(user.a) == 'string' and redis.call('HGET', STATIC, user.a) == name then redis.call('HDEL', STATIC, user.a) end
        if redis.call('HGET', FOLD, fold) == name then redis.call('HDEL', FOLD, fold) end
        redis.call('HDEL', USERS, name)
        return {'OK', changed()}
        """;

    /// <summary>
    /// ARGV[2..]: (name, folded, value, static address or "") per user. Imports only into a farm
    /// whose users were never written (no version key): 'SEEDED' or 'SKIP'.
    /// </summary>
    public const string Seed = Prelude + """
        if redis.call('EXISTS', P..':users:version') == 1 then return 'SKIP' end
        for i = 2, #ARGV, 4 do
          redis.call('HSET', USERS, ARGV[i], ARGV[i + 2])
          redis.call('HSET', FOLD, ARGV[i + 1], ARGV[i])
          if ARGV[i + 3] ~= '' then redis.call('HSET', STATIC, ARGV[i + 3], ARGV[i]) end
        end
        changed()
        return 'SEEDED'
        """;

    /// <summary>The version ("0" before any edit) and every user, read atomically.</summary>
    public const string Snapshot = """
        local P = ARGV[1]
        return {redis.call('GET', P..':users:version') or '0', redis.call('HGETALL', P..':users')}
        """;
}
