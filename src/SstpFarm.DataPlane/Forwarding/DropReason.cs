namespace SstpFarm.DataPlane.Forwarding;

/// <summary>Why a packet did not make it through the forwarding layer.</summary>
public enum DropReason
{
    /// <summary>Not dropped: forwarded.</summary>
    None = 0,

    /// <summary>TUN → session: no session owns the destination address.</summary>
    NoRoute,

    /// <summary>TUN → session: the session's bounded queue was full.</summary>
    QueueFull,

    /// <summary>Either way: shorter than its IP header or its own length field says.</summary>
    Malformed,

    /// <summary>Either way: the version nibble is neither 4 nor 6.</summary>
    UnsupportedVersion,

    /// <summary>Either way: larger than a pooled buffer (<see cref="TunPacket.MaxPacketLength"/>).</summary>
    TooBig,

    /// <summary>Session → TUN: the source address is not one assigned to that session (anti-spoofing).</summary>
    Spoofed,

    /// <summary>Session → TUN: the kernel refused the write (or the device is closed).</summary>
    TunWriteFailed,
}
