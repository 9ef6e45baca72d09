using System.Diagnostics.CodeAnalysis;
using System.Net;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Protocol.Auth;

namespace SstpFarm.Node.Tests.Infrastructure;

/// <summary>Users held in memory, created from clear passwords.</summary>
public sealed class DictionaryUserStore : IUserStore
{
    private readonly Dictionary<string, LocalUser> _users = new(StringComparer.Ordinal);

    public int Count => _users.Count;

    public DictionaryUserStore Add(string name, string password, IPAddress? staticAddress = null, bool reversible = false)
    {
        byte[] hash = new byte[NtHash.Size];
        NtHash.Compute(password, hash);
        _users[name] = new LocalUser(name, hash, staticAddress, reversible ? password : null);
        return this;
    }

    public bool TryFind(string name, [NotNullWhen(true)] out LocalUser? user) => _users.TryGetValue(name, out user);
}
