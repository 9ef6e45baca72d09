using System.Buffers;

namespace SstpFarm.Protocol.Ppp;

/// <summary>
/// Walks the option list of a Configure-* packet. Stops with <see cref="Status"/> = InvalidData
/// at the first option whose Length is below 2 or runs past the list.
/// </summary>
public ref struct PppOptionReader
{
    private readonly ReadOnlySpan<byte> _options;
    private int _offset;

    public PppOptionReader(ReadOnlySpan<byte> options)
    {
        _options = options;
        Status = OperationStatus.Done;
    }

    public PppOption Current { get; private set; }

    /// <summary>Done while the list is well formed so far; InvalidData once a bad option was met.</summary>
    public OperationStatus Status { get; private set; }

    // RFC 1661 §6:
    //
    //    0                   1
    //   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //   |     Type      |    Length     |  Data ...
    //   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //   Length counts Type, Length and Data, so it is at least 2.

    public bool MoveNext() // RFC 1661 §6
    {
        if (Status != OperationStatus.Done || _offset >= _options.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = _options[_offset..];
        if (rest.Length < PppOption.HeaderLength || rest[1] < PppOption.HeaderLength || rest[1] > rest.Length)
        {
            Status = OperationStatus.InvalidData;
            return false;
        }

        Current = new PppOption(rest[..rest[1]]);
        _offset += rest[1];
        return true;
    }

    /// <summary>Whole-list check: Done if every option is well formed, else InvalidData.</summary>
    public static OperationStatus Validate(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
        }

        return reader.Status;
    }
}
