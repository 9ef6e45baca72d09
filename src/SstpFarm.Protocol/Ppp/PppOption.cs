namespace SstpFarm.Protocol.Ppp;

/// <summary>One configuration option (RFC 1661 §6): Type, and the Data after the 2-byte header.</summary>
public readonly ref struct PppOption
{
    public const int HeaderLength = 2;

    public PppOption(ReadOnlySpan<byte> raw)
    {
        Raw = raw;
    }

    public byte Type => Raw[0];

    /// <summary>The whole option as received (Type, Length, Data): what a Reject echoes.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    public ReadOnlySpan<byte> Data => Raw[HeaderLength..];

    /// <summary>Writes Type, Length and Data; returns the option length.</summary>
    public static int Write(Span<byte> destination, byte type, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, byte.MaxValue - HeaderLength);
        destination[0] = type;
        destination[1] = (byte)(HeaderLength + data.Length);
        data.CopyTo(destination[HeaderLength..]);
        return HeaderLength + data.Length;
    }
}
