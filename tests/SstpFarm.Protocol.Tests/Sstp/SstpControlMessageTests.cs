using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp;

public sealed class SstpControlMessageTests
{
    private const string CallConnectRequest = "10 01 00 0E 00 01 00 01 00 01 00 06 00 01";
    private const string CallDisconnect = "10 01 00 14 00 06 00 01 00 02 00 0C 00 00 00 00 00 00 00 00";
    private const string CallAbort = "10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 03 00 00 00 04";

    [Theory]
    [InlineData(CallConnectRequest, SstpMessageType.SSTP_MSG_CALL_CONNECT_REQUEST, 1)]
    [InlineData(CallDisconnect, SstpMessageType.SSTP_MSG_CALL_DISCONNECT, 1)]
    [InlineData("10 01 00 08 00 07 00 00", SstpMessageType.SSTP_MSG_CALL_DISCONNECT_ACK, 0)]
    [InlineData("10 01 00 08 00 08 00 00", SstpMessageType.SSTP_MSG_ECHO_REQUEST, 0)]
    [InlineData("10 01 00 08 00 09 00 00", SstpMessageType.SSTP_MSG_ECHO_RESPONSE, 0)]
    [InlineData(CallAbort, SstpMessageType.SSTP_MSG_CALL_ABORT, 1)]
    public void DecodesTestVectorMessages(string hex, SstpMessageType type, int count)
    {
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryRead(Hex.Parse(hex), out SstpControlMessage message));
        Assert.Equal(type, message.MessageType);
        Assert.Equal(count, message.AttributeCount);
    }

    [Fact]
    public void DecodesCallConnectRequestAttribute()
    {
        SstpControlMessage.TryRead(Hex.Parse(CallConnectRequest), out SstpControlMessage message);
        SstpAttributeEnumerator attributes = message.Attributes;
        Assert.True(attributes.MoveNext());
        Assert.Equal(SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, attributes.Current.Id);
        Assert.Equal(6, attributes.Current.Length);
        Assert.Equal(Hex.Parse("00 01"), attributes.Current.Value.ToArray());
        Assert.False(attributes.MoveNext());
        Assert.Equal(OperationStatus.Done, attributes.Status);
    }

    [Theory]
    [InlineData(CallDisconnect, SstpAttributeId.SSTP_ATTRIB_NO_ERROR, SstpAttributeStatus.ATTRIB_STATUS_NO_ERROR)]
    [InlineData(CallAbort, SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED)]
    public void DecodesStatusInfo(string hex, SstpAttributeId attribId, SstpAttributeStatus status)
    {
        SstpControlMessage.TryRead(Hex.Parse(hex), out SstpControlMessage message);
        SstpAttributeEnumerator attributes = message.Attributes;
        Assert.True(attributes.MoveNext());
        Assert.Equal(OperationStatus.Done, SstpStatusInfo.TryRead(attributes.Current, out SstpStatusInfo info));
        Assert.Equal(new SstpStatusInfo(attribId, status), info);
    }

    [Fact]
    public void WritersReproduceTestVectors()
    {
        byte[] buffer = new byte[64];
        Assert.Equal(Hex.Parse(CallConnectRequest), buffer[..SstpControlWriter.WriteCallConnectRequest(buffer)]);
        Assert.Equal(Hex.Parse(CallDisconnect), buffer[..SstpControlWriter.WriteCallDisconnect(buffer, SstpAttributeId.SSTP_ATTRIB_NO_ERROR, SstpAttributeStatus.ATTRIB_STATUS_NO_ERROR)]);
        Assert.Equal(Hex.Parse(CallAbort), buffer[..SstpControlWriter.WriteCallAbort(buffer, SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED)]);
        Assert.Equal(Hex.Parse("10 01 00 08 00 07 00 00"), buffer[..SstpControlWriter.WriteCallDisconnectAck(buffer)]);
        Assert.Equal(Hex.Parse("10 01 00 08 00 08 00 00"), buffer[..SstpControlWriter.WriteEchoRequest(buffer)]);
        Assert.Equal(Hex.Parse("10 01 00 08 00 09 00 00"), buffer[..SstpControlWriter.WriteEchoResponse(buffer)]);
        Assert.Equal(Hex.Parse("10 01 00 08 00 05 00 00"), buffer[..SstpControlWriter.WriteCallAbort(buffer)]);
        Assert.Equal(Hex.Parse("10 01 00 08 00 06 00 00"), buffer[..SstpControlWriter.WriteCallDisconnect(buffer)]);
    }

    [Fact]
    public void WritesSpecCallConnectAck()
    {
        // test-vectors.md §6.1, [MS-SSTP §4.7]
        byte[] expected = Hex.Parse("""
            10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 02
            41 2B 48 9A EB D7 EC C7 D0 89 66 F2 6B E7 CD 72
            B2 31 A0 E9 21 0D 7C 91 B3 08 86 2B 03 44 C4 35
            """);
        byte[] buffer = new byte[48];
        Assert.Equal(48, SstpControlWriter.WriteCallConnectAck(buffer, CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, expected.AsSpan(16)));
        Assert.Equal(expected, buffer);
    }

    [Fact]
    public void WritesNakFromSpecLayout()
    {
        // sstp.md §6: unsupported protocol 0x0002.
        byte[] expected = Hex.Parse("10 01 00 16 00 03 00 01 00 02 00 0E 00 00 00 01 00 00 00 04 00 02");
        byte[] buffer = new byte[64];
        SstpStatusInfo[] infos = [new(SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED, new byte[] { 0x00, 0x02 })];
        Assert.Equal(expected, buffer[..SstpControlWriter.WriteCallConnectNak(buffer, infos)]);
    }

    [Fact]
    public void NakTruncatesAttribValueTo64Bytes()
    {
        byte[] value = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        byte[] buffer = new byte[200];
        int length = SstpControlWriter.WriteCallConnectNak(buffer, [new SstpStatusInfo(SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_INVALID_ATTRIB_VALUE_LENGTH, value)]);

        Assert.Equal(8 + 12 + 64, length);
        SstpControlMessage.TryRead(buffer.AsSpan(0, length), out SstpControlMessage nak);
        SstpAttributeEnumerator attributes = nak.Attributes;
        attributes.MoveNext();
        SstpStatusInfo.TryRead(attributes.Current, out SstpStatusInfo info);
        Assert.Equal(value[..64], info.Value.ToArray());
    }

    [Fact]
    public void NakNeedsAStatusInfo()
    {
        Assert.Throws<ArgumentException>(() => SstpControlWriter.WriteCallConnectNak(new byte[64], []));
    }

    [Theory]
    [InlineData("10 00 00 08 00 08 00 00")] // data packet
    [InlineData("10 01 00 07 00 08 00")] // shorter than a control header
    [InlineData("10 01 00 08 00 08 00 01")] // one attribute declared, none present
    [InlineData("10 01 00 0C 00 08 00 00 00 01 00 04")] // attribute present, none declared
    [InlineData("10 01 00 0E 00 01 00 01 00 01 00 07 00 01")] // attribute overruns the packet
    [InlineData("10 01 00 0E 00 01 00 01 00 01 00 03 00 01")] // attribute shorter than its header
    [InlineData("10 01 00 0E 00 01 00 02 00 01 00 06 00 01")] // two declared, one present
    [InlineData("10 01 00 0B 00 01 00 00 00 01 00")] // trailing bytes
    public void RejectsInconsistentMessages(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, SstpControlMessage.TryRead(Hex.Parse(hex), out _));
    }

    [Fact]
    public void AttributeLengthStopsAtDeclaredPacketLength()
    {
        // The attribute claims 6 bytes and 6 bytes follow in the buffer, but the packet says 12.
        byte[] bytes = Hex.Parse("10 01 00 0C 00 01 00 01 00 01 00 06 00 01");
        Assert.Equal(OperationStatus.InvalidData, SstpControlMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void NeedsTheWholeMessage()
    {
        byte[] bytes = Hex.Parse(CallConnectRequest);
        Assert.Equal(OperationStatus.NeedMoreData, SstpControlMessage.TryRead(bytes.AsSpan(0, 13), out _));
    }

    [Fact]
    public void ValidCallConnectRequestIsAccepted()
    {
        SstpControlMessage.TryRead(Hex.Parse(CallConnectRequest), out SstpControlMessage request);
        Assert.Empty(CallConnectRequestValidator.Validate(request));

        // A Status Info with status 0 does not make it unacceptable.
        SstpControlMessage.TryRead(Hex.Parse("10 01 00 1A 00 01 00 02 00 01 00 06 00 01 00 02 00 0C 00 00 00 00 00 00 00 00"), out request);
        Assert.Empty(CallConnectRequestValidator.Validate(request));
    }

    public static TheoryData<string, SstpAttributeId, SstpAttributeStatus, string> NakCases => new()
    {
        // sstp.md §8.4, one row each.
        { "10 01 00 1A 00 01 00 02 00 01 00 06 00 01 00 02 00 0C 00 00 00 01 00 00 00 07", SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG, "00 00 00 01 00 00 00 07" },
        { "10 01 00 10 00 01 00 01 00 01 00 08 00 01 00 00", SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, SstpAttributeStatus.ATTRIB_STATUS_INVALID_ATTRIB_VALUE_LENGTH, "00 01 00 00" },
        { "10 01 00 14 00 01 00 02 00 01 00 06 00 01 00 01 00 06 00 01", SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, SstpAttributeStatus.ATTRIB_STATUS_DUPLICATE_ATTRIBUTE, "00 01" },
        { "10 01 00 12 00 01 00 02 00 01 00 06 00 01 00 09 00 04", (SstpAttributeId)0x09, SstpAttributeStatus.ATTRIB_STATUS_UNRECOGNIZED_ATTRIBUTE, "" },
        { "10 01 00 0E 00 01 00 01 00 01 00 06 00 02", SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED, "00 02" },
        { "10 01 00 08 00 01 00 00", SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_REQUIRED_ATTRIBUTE_MISSING, "" },
    };

    [Theory]
    [MemberData(nameof(NakCases))]
    public void InvalidCallConnectRequestYieldsNakStatusInfo(string hex, SstpAttributeId attribId, SstpAttributeStatus status, string value)
    {
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryRead(Hex.Parse(hex), out SstpControlMessage request));
        SstpStatusInfo[] infos = CallConnectRequestValidator.Validate(request);
        Assert.Equal([new SstpStatusInfo(attribId, status, Hex.Parse(value))], infos);
    }

    [Fact]
    public void SeveralProblemsGiveSeveralStatusInfos()
    {
        // Unknown attribute 0x07 then a bad Protocol ID.
        SstpControlMessage.TryRead(Hex.Parse("10 01 00 12 00 01 00 02 00 07 00 04 00 01 00 06 00 05"), out SstpControlMessage request);
        SstpStatusInfo[] infos = CallConnectRequestValidator.Validate(request);
        Assert.Equal(
            [
                new SstpStatusInfo((SstpAttributeId)7, SstpAttributeStatus.ATTRIB_STATUS_UNRECOGNIZED_ATTRIBUTE),
                new SstpStatusInfo(SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED, new byte[] { 0, 5 }),
            ],
            infos);
    }

    [Fact]
    public void NakStatusInfosAreCappedToFitOnePacket()
    {
        // 1000 unknown 4-byte attributes: the NAK must still fit in 4095 bytes.
        int count = 1000;
        byte[] packet = new byte[8 + (4 * count)];
        SstpPacketHeader.WriteControlHeader(packet, packet.Length);
        packet[5] = 0x01;
        packet[6] = (byte)(count >> 8);
        packet[7] = (byte)count;
        for (int i = 8; i < packet.Length; i += 4)
        {
            packet[i + 1] = 0x33;
            packet[i + 3] = 0x04;
        }

        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryRead(packet, out SstpControlMessage request));
        SstpStatusInfo[] infos = CallConnectRequestValidator.Validate(request);
        Assert.Equal(SstpControlWriter.MaxNakStatusInfos, infos.Length);
        Assert.True(SstpControlWriter.GetCallConnectNakLength(infos) <= 4095);
    }

    [Fact]
    public void CallConnectRequestRoundTrips()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, 0xFFFF)), protocol =>
        {
            byte[] buffer = new byte[14];
            SstpControlWriter.WriteCallConnectRequest(buffer, (ushort)protocol);
            return Describe(buffer) == $"Done {(int)SstpMessageType.SSTP_MSG_CALL_CONNECT_REQUEST} 1 [1:{protocol:x4}]"
                && CallConnectRequestValidator.Validate(Decode(buffer)).Length == (protocol == 1 ? 0 : 1);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CallConnectAckRoundTrips()
    {
        Gen<(int, byte[])> acks = Gen.Zip(Gen.Choose(1, 3), SstpGenerators.Bytes(32, 32));
        Prop.ForAll(Arb.From(acks), t =>
        {
            byte[] buffer = new byte[48];
            SstpControlWriter.WriteCallConnectAck(buffer, (CertHashProtocols)t.Item1, t.Item2);
            return Describe(buffer) == $"Done 2 1 [4:000000{t.Item1:x2}{Hex.Format(t.Item2)}]";
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CallConnectNakRoundTrips()
    {
        Gen<SstpStatusInfo> info =
            from id in Gen.Choose(0, 255)
            from status in Gen.Choose(0, 12)
            from value in SstpGenerators.Bytes(0, 80)
            select new SstpStatusInfo((SstpAttributeId)id, (SstpAttributeStatus)status, value);
        Prop.ForAll(Arb.From(info.ArrayOf().Where(a => a.Length is > 0 and <= 20)), infos =>
        {
            byte[] buffer = new byte[4095];
            int length = SstpControlWriter.WriteCallConnectNak(buffer, infos);
            SstpControlMessage nak = Decode(buffer.AsSpan(0, length));
            var read = new List<SstpStatusInfo>();
            foreach (SstpAttribute attribute in nak.Attributes)
            {
                SstpStatusInfo.TryRead(attribute, out SstpStatusInfo decoded);
                read.Add(decoded);
            }

            return nak.MessageType == SstpMessageType.SSTP_MSG_CALL_CONNECT_NAK
                && read.SequenceEqual(infos.Select(i => new SstpStatusInfo(i.AttribId, i.Status, i.Value[..Math.Min(64, i.Value.Length)])));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AbortAndDisconnectRoundTrip()
    {
        Gen<(bool, (int, int))> messages = Gen.Zip(Gen.Elements(true, false), Gen.Zip(Gen.Choose(0, 255), Gen.Choose(0, int.MaxValue)));
        Prop.ForAll(Arb.From(messages), t =>
        {
            (bool abort, (int id, int status)) = t;
            byte[] buffer = new byte[20];
            int withStatus = abort
                ? SstpControlWriter.WriteCallAbort(buffer, (SstpAttributeId)id, (SstpAttributeStatus)status)
                : SstpControlWriter.WriteCallDisconnect(buffer, (SstpAttributeId)id, (SstpAttributeStatus)status);
            SstpControlMessage message = Decode(buffer.AsSpan(0, withStatus));
            SstpAttributeEnumerator attributes = message.Attributes;
            attributes.MoveNext();
            SstpStatusInfo.TryRead(attributes.Current, out SstpStatusInfo info);

            byte[] bare = new byte[8];
            int bareLength = abort ? SstpControlWriter.WriteCallAbort(bare) : SstpControlWriter.WriteCallDisconnect(bare);
            SstpMessageType expected = abort ? SstpMessageType.SSTP_MSG_CALL_ABORT : SstpMessageType.SSTP_MSG_CALL_DISCONNECT;

            return withStatus == 20 && bareLength == 8
                && message.MessageType == expected
                && info == new SstpStatusInfo((SstpAttributeId)id, (SstpAttributeStatus)status)
                && Describe(bare) == $"Done {(int)expected} 0 []";
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(SstpMessageType.SSTP_MSG_CALL_DISCONNECT_ACK)]
    [InlineData(SstpMessageType.SSTP_MSG_ECHO_REQUEST)]
    [InlineData(SstpMessageType.SSTP_MSG_ECHO_RESPONSE)]
    public void BareMessagesRoundTrip(SstpMessageType type)
    {
        byte[] buffer = new byte[8];
        int length = type switch
        {
            SstpMessageType.SSTP_MSG_CALL_DISCONNECT_ACK => SstpControlWriter.WriteCallDisconnectAck(buffer),
            SstpMessageType.SSTP_MSG_ECHO_REQUEST => SstpControlWriter.WriteEchoRequest(buffer),
            _ => SstpControlWriter.WriteEchoResponse(buffer),
        };
        Assert.Equal(8, length);
        Assert.Equal($"Done {(int)type} 0 []", Describe(buffer));
    }

    [Fact]
    public void RandomInputGivesOnlyDocumentedOutcomes()
    {
        Prop.ForAll(Arb.From(SstpGenerators.SstpLikeBytes), AssertDecodesWithinDeclaredLength).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MutatedMessagesGiveOnlyDocumentedOutcomes()
    {
        byte[][] seeds =
        [
            Hex.Parse(CallConnectRequest), Hex.Parse(CallDisconnect), Hex.Parse(CallAbort),
            Hex.Parse("10 01 00 1A 00 01 00 02 00 01 00 06 00 01 00 02 00 0C 00 00 00 01 00 00 00 07"),
            Hex.Parse(SstpVectors.CallConnectedSha256),
        ];
        Gen<byte[]> mutated = Gen.Elements(seeds).SelectMany(SstpGenerators.Mutations);
        Prop.ForAll(Arb.From(mutated), bytes =>
        {
            bool ok = AssertDecodesWithinDeclaredLength(bytes);
            if (SstpControlMessage.TryRead(bytes, out SstpControlMessage message) == OperationStatus.Done
                && message.MessageType == SstpMessageType.SSTP_MSG_CALL_CONNECT_REQUEST)
            {
                // The validator must cope with whatever decoded.
                SstpStatusInfo[] infos = CallConnectRequestValidator.Validate(message);
                ok &= infos.Length <= SstpControlWriter.MaxNakStatusInfos && infos.All(i => i.Value.Length <= 64);
            }

            return ok;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>
    /// The outcome is one of the three statuses, and garbage after the declared length changes nothing:
    /// decoding the buffer and decoding exactly the declared bytes give the same result.
    /// </summary>
    private static bool AssertDecodesWithinDeclaredLength(byte[] bytes)
    {
        string full = Describe(bytes);
        if (SstpPacketHeader.TryRead(bytes, out SstpPacketHeader header) != OperationStatus.Done || header.PacketLength > bytes.Length)
        {
            return full.StartsWith("NeedMoreData", StringComparison.Ordinal) || full.StartsWith("InvalidData", StringComparison.Ordinal);
        }

        byte[] poisoned = [.. bytes[..header.PacketLength], .. Enumerable.Repeat((byte)0xA5, 64)];
        return full == Describe(bytes.AsSpan(0, header.PacketLength)) && full == Describe(poisoned);
    }

    private static SstpControlMessage Decode(ReadOnlySpan<byte> bytes)
    {
        Assert.Equal(OperationStatus.Done, SstpControlMessage.TryRead(bytes, out SstpControlMessage message));
        return message;
    }

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        OperationStatus status = SstpControlMessage.TryRead(bytes, out SstpControlMessage message);
        if (status != OperationStatus.Done)
        {
            return status.ToString();
        }

        var parts = new List<string>();
        foreach (SstpAttribute attribute in message.Attributes)
        {
            parts.Add($"{(int)attribute.Id}:{Hex.Format(attribute.Value)}");
        }

        return $"Done {(int)message.MessageType} {message.AttributeCount} [{string.Join(",", parts)}]";
    }
}
