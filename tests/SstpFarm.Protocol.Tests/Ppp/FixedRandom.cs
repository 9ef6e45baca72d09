using SstpFarm.Protocol.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

/// <summary>Deterministic random bytes: a counter, so consecutive draws differ.</summary>
internal sealed class FixedRandom : IRandomSource
{
    private byte _next;

    public FixedRandom(byte seed = 0x11)
    {
        _next = seed;
    }

    public void Fill(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = _next;
            _next = (byte)(_next == 0xFF ? 1 : _next + 1);
        }
    }
}
