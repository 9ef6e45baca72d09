using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Api.Grpc;

/// <summary>Why a length-prefixed message could not be taken (only with <see cref="OperationStatus.InvalidData"/>).</summary>
public enum GrpcFrameError
{
    None,

    /// <summary>Compressed-Flag is 1: we advertise no grpc-encoding, so we cannot decode it (UNIMPLEMENTED).</summary>
    Compressed,

    /// <summary>Compressed-Flag is neither 0 nor 1 (INTERNAL: the peer does not speak gRPC).</summary>
    InvalidFlag,

    /// <summary>Message-Length is over the receive limit (RESOURCE_EXHAUSTED).</summary>
    TooLarge,
}

/// <summary>
/// gRPC's Length-Prefixed-Message (PROTOCOL-HTTP2.md, "Requests"/"Responses"):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Compressed-Flag|          Message-Length (32 bits, big-endian)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///                 |             Message (Message-Length bytes) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class GrpcFrame
{
    /// <summary>Compressed-Flag (1 byte) + Message-Length (4 bytes).</summary>
    public const int HeaderLength = 5;

    /// <summary>
    /// Takes one message from the front of <paramref name="input"/>. <see cref="OperationStatus.Done"/>:
    /// <paramref name="message"/> is the payload and <paramref name="consumed"/> follows it;
    /// <see cref="OperationStatus.NeedMoreData"/>: nothing taken; <see cref="OperationStatus.InvalidData"/>:
    /// <paramref name="error"/> says why. The declared length is checked before waiting for the body.
    /// Never throws on bad input.
    /// </summary>
    // PROTOCOL-HTTP2.md: Length-Prefixed-Message → Compressed-Flag Message-Length Message
    public static OperationStatus TryRead(in ReadOnlySequence<byte> input, int maxMessageLength, out ReadOnlySequence<byte> message, out SequencePosition consumed, out GrpcFrameError error)
    {
        message = default;
        consumed = input.Start;
        error = GrpcFrameError.None;
        if (input.Length < HeaderLength)
        {
            return OperationStatus.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        input.Slice(0, HeaderLength).CopyTo(header);

        // Compressed-Flag → 0 / 1; "a value of 1 indicates that the binary octet sequence of Message is compressed".
        if (header[0] > 1)
        {
            error = GrpcFrameError.InvalidFlag;
            return OperationStatus.InvalidData;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)Math.Max(0, maxMessageLength))
        {
            error = GrpcFrameError.TooLarge;
            return OperationStatus.InvalidData;
        }

        if (header[0] == 1)
        {
            error = GrpcFrameError.Compressed;
            return OperationStatus.InvalidData;
        }

        if (input.Length - HeaderLength < length)
        {
            return OperationStatus.NeedMoreData;
        }

        message = input.Slice(HeaderLength, length);
        consumed = message.End;
        return OperationStatus.Done;
    }

    /// <summary>Writes an uncompressed message header for <paramref name="messageLength"/> bytes; returns <see cref="HeaderLength"/>.</summary>
    public static int WriteHeader(Span<byte> destination, int messageLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageLength);
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..HeaderLength], (uint)messageLength);
        return HeaderLength;
    }
}
