using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SstpFarm.ControlPlane.Pools;

/// <summary>IPv4 addresses as host-order integers, and a strict dotted-quad parser.</summary>
public static class Ipv4
{
    public static uint ToUInt32(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"'{address}' is not an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>
    /// Accepts exactly four decimal octets ("10.0.0.1"). <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
    /// also accepts "10.1" or "167772161", which in a config file is almost always a typo.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        int octets = 0;
        while (true)
        {
            int digits = 0;
            int octet = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                octet = (octet * 10) + (text[digits] - '0');
                digits++;
                if (digits > 3)
                {
                    return false;
                }
            }

            if (digits == 0 || octet > 255)
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            octets++;
            text = text[digits..];
            if (octets == 4)
            {
                return text.IsEmpty;
            }

            if (text.IsEmpty || text[0] != '.')
            {
                return false;
            }

            text = text[1..];
        }
    }

    public static bool TryParse(ReadOnlySpan<char> text, out IPAddress? address)
    {
        address = TryParse(text, out uint value) ? ToAddress(value) : null;
        return address is not null;
    }
}
