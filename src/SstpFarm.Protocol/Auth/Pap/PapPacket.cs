using System.Buffers;

namespace SstpFarm.Protocol.Auth.Pap;

/// <summary>
/// A parsed PAP packet (RFC 1334 §2.2). Spans point into the parsed buffer.
/// Authenticate-Request fills <see cref="PeerId"/> and <see cref="Password"/>; Ack and Nak fill
/// <see cref="Message"/>.
/// </summary>
public readonly ref struct PapPacket
{
    public PapPacket(PapCode code, byte identifier, ReadOnlySpan<byte> peerId, ReadOnlySpan<byte> password, ReadOnlySpan<byte> message)
    {
        Code = code;
        Identifier = identifier;
        PeerId = peerId;
        Password = password;
        Message = message;
    }

    public PapCode Code { get; }

    public byte Identifier { get; }

    public ReadOnlySpan<byte> PeerId { get; }

    public ReadOnlySpan<byte> Password { get; }

    public ReadOnlySpan<byte> Message { get; }

    // RFC 1334 §2.2.1 Authenticate-Request:
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |     Code      |  Identifier   |            Length             |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // | Peer-ID Length|  Peer-Id ...  | Passwd-Length |  Password ...
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // RFC 1334 §2.2.2 Authenticate-Ack / Authenticate-Nak:
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |     Code      |  Identifier   |            Length             |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |  Msg-Length   |  Message  ...
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    public static OperationStatus TryParse(ReadOnlySpan<byte> packet, out PapPacket result) // RFC 1334 §2.2
    {
        result = default;
        OperationStatus status = AuthPacket.TryReadHeader(packet, out byte code, out byte identifier, out ReadOnlySpan<byte> data);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        switch ((PapCode)code)
        {
            case PapCode.AuthenticateRequest:
                if (!AuthPacket.TryReadLengthPrefixed(data, out ReadOnlySpan<byte> peerId, out ReadOnlySpan<byte> rest)
                    || !AuthPacket.TryReadLengthPrefixed(rest, out ReadOnlySpan<byte> password, out _))
                {
                    return OperationStatus.InvalidData;
                }

                result = new PapPacket(PapCode.AuthenticateRequest, identifier, peerId, password, default);
                return OperationStatus.Done;

            case PapCode.AuthenticateAck or PapCode.AuthenticateNak:
                // Interop #30: some servers send Length 4 (no Msg-Length); read it as an empty message.
                ReadOnlySpan<byte> message = default;
                if (!data.IsEmpty && !AuthPacket.TryReadLengthPrefixed(data, out message, out _))
                {
                    return OperationStatus.InvalidData;
                }

                result = new PapPacket((PapCode)code, identifier, default, default, message);
                return OperationStatus.Done;

            default:
                return OperationStatus.InvalidData;
        }
    }

    /// <summary>Writes an Authenticate-Request; returns the packet length.</summary>
    public static int WriteAuthenticateRequest(Span<byte> destination, byte identifier, ReadOnlySpan<byte> peerId, ReadOnlySpan<byte> password)
    {
        int length = AuthPacket.HeaderSize + 1 + peerId.Length + 1 + password.Length;
        int offset = AuthPacket.WriteHeader(destination, (byte)PapCode.AuthenticateRequest, identifier, length);
        offset += AuthPacket.WriteLengthPrefixed(destination[offset..], peerId);
        offset += AuthPacket.WriteLengthPrefixed(destination[offset..], password);
        return offset;
    }

    /// <summary>
    /// Writes an Authenticate-Ack or -Nak; Length always covers Msg-Length and Message
    /// (interop #30). Returns the packet length.
    /// </summary>
    public static int WriteReply(Span<byte> destination, PapCode code, byte identifier, ReadOnlySpan<byte> message)
    {
        if (code is not (PapCode.AuthenticateAck or PapCode.AuthenticateNak))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Only Ack and Nak carry a message.");
        }

        int length = AuthPacket.HeaderSize + 1 + message.Length;
        int offset = AuthPacket.WriteHeader(destination, (byte)code, identifier, length);
        return offset + AuthPacket.WriteLengthPrefixed(destination[offset..], message);
    }
}
