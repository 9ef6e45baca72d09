using System.Security.Cryptography;

namespace SstpFarm.Protocol.Common;

/// <summary>
/// Where protocol code gets random bytes (nonces, challenges, magic numbers, interface ids).
/// Passed in like the clock, so tests can replay exact exchanges.
/// </summary>
public interface IRandomSource
{
    void Fill(Span<byte> destination);
}

/// <summary>The production source: the OS CSPRNG.</summary>
public sealed class CryptoRandomSource : IRandomSource
{
    public static readonly CryptoRandomSource Instance = new();

    private CryptoRandomSource()
    {
    }

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
