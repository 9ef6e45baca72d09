using System.Buffers.Binary;

namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>
/// Decides whether a Call Connect Request is acceptable and, if not, which Status Infos the
/// Call Connect Nak carries (MS-SSTP §3.3.5.2.2; table in docs/protocol/sstp.md §8.4).
/// </summary>
public static class CallConnectRequestValidator
{
    /// <summary>
    /// Returns an empty array when <paramref name="request"/> is acceptable, otherwise one Status
    /// Info per problem (at most <see cref="SstpControlWriter.MaxNakStatusInfos"/>), in attribute order.
    /// The message type is not checked; the caller dispatched on it.
    /// </summary>
    public static SstpStatusInfo[] Validate(in SstpControlMessage request)
    {
        // MS-SSTP §3.3.5.2.2
        List<SstpStatusInfo>? problems = null;
        bool protocolIdSeen = false;

        foreach (SstpAttribute attribute in request.Attributes)
        {
            switch (attribute.Id)
            {
                case SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID:
                    if (protocolIdSeen)
                    {
                        Add(ref problems, attribute.Id, SstpAttributeStatus.ATTRIB_STATUS_DUPLICATE_ATTRIBUTE, attribute.Value);
                    }
                    else if (attribute.Length != SstpControlWriter.EncapsulatedProtocolIdLength)
                    {
                        Add(ref problems, attribute.Id, SstpAttributeStatus.ATTRIB_STATUS_INVALID_ATTRIB_VALUE_LENGTH, attribute.Value);
                    }
                    else if (BinaryPrimitives.ReadUInt16BigEndian(attribute.Value) != SstpConstants.SSTP_ENCAPSULATED_PROTOCOL_PPP)
                    {
                        Add(ref problems, attribute.Id, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED, attribute.Value);
                    }

                    protocolIdSeen = true;
                    break;

                case SstpAttributeId.SSTP_ATTRIB_STATUS_INFO:
                    if (attribute.Length < SstpStatusInfo.FixedLength || attribute.Length > SstpStatusInfo.MaxLength)
                    {
                        Add(ref problems, attribute.Id, SstpAttributeStatus.ATTRIB_STATUS_INVALID_ATTRIB_VALUE_LENGTH, attribute.Value);
                    }
                    else if (BinaryPrimitives.ReadUInt32BigEndian(attribute.Value[4..]) != (uint)SstpAttributeStatus.ATTRIB_STATUS_NO_ERROR)
                    {
                        // Only a non-zero status makes the request unacceptable (MS-SSTP §3.3.1.1.1).
                        Add(ref problems, attribute.Id, SstpAttributeStatus.ATTRIB_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG, attribute.Value);
                    }

                    break;

                default:
                    // Crypto binding attributes belong to other messages; here they are as foreign as unknown IDs.
                    Add(ref problems, attribute.Id, SstpAttributeStatus.ATTRIB_STATUS_UNRECOGNIZED_ATTRIBUTE, default);
                    break;
            }
        }

        if (!protocolIdSeen)
        {
            // The spec names SSTP_ATTRIB_STATUS_INFO here, not the missing attribute's own ID.
            Add(ref problems, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_REQUIRED_ATTRIBUTE_MISSING, default);
        }

        return problems is null ? [] : [.. problems];
    }

    private static void Add(ref List<SstpStatusInfo>? problems, SstpAttributeId attribId, SstpAttributeStatus status, ReadOnlySpan<byte> offendingValue)
    {
        problems ??= [];
        if (problems.Count == SstpControlWriter.MaxNakStatusInfos)
        {
            return;
        }

        if (offendingValue.Length > SstpConstants.MaxStatusInfoValueLength)
        {
            offendingValue = offendingValue[..SstpConstants.MaxStatusInfoValueLength];
        }

        problems.Add(new SstpStatusInfo(attribId, status, offendingValue.IsEmpty ? ReadOnlyMemory<byte>.Empty : offendingValue.ToArray()));
    }
}
