namespace SstpFarm.DataPlane.Tun;

/// <summary>Constants of linux/if_tun.h and linux/if.h.</summary>
internal static class TunConstants
{
    public const string CloneDevicePath = "/dev/net/tun";

    // _IOW('T', 202, int)
    public const uint TUNSETIFF = 0x400454ca;

    public const short IFF_TUN = 0x0001;
    public const short IFF_MULTI_QUEUE = 0x0100;
    public const short IFF_NO_PI = 0x1000;

    // struct ifreq { char ifr_name[IFNAMSIZ]; union { short ifru_flags; ... } } is 40 bytes on 64-bit.
    public const int IFNAMSIZ = 16;
    public const int IfReqLength = 40;

    /// <summary>MAX_TAP_QUEUES in drivers/net/tun.c.</summary>
    public const int MaxQueues = 256;
}
