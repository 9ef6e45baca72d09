using System.Diagnostics.CodeAnalysis;

namespace SstpFarm.ControlPlane.Users;

/// <summary>
/// How the data plane's authentication looks users up. Lookup is by exact (ordinal,
/// case-sensitive) name: see <see cref="UserNames"/>.
/// </summary>
public interface IUserStore
{
    int Count { get; }

    bool TryFind(string name, [NotNullWhen(true)] out LocalUser? user);
}
