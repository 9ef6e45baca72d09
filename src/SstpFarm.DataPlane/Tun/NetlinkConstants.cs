namespace SstpFarm.DataPlane.Tun;

/// <summary>Constants of linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h.</summary>
internal static class NetlinkConstants
{
    public const int NETLINK_ROUTE = 0;

    // struct nlmsghdr { u32 nlmsg_len; u16 nlmsg_type; u16 nlmsg_flags; u32 nlmsg_seq; u32 nlmsg_pid; }
    public const int NlMsgHdrLength = 16;

    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;

    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_ACK = 0x4;
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;

    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;

    // struct ifinfomsg { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; }
    public const int IfInfoMsgLength = 16;

    // struct ifaddrmsg { u8 family; u8 prefixlen; u8 flags; u8 scope; u32 index; }
    public const int IfAddrMsgLength = 8;

    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_NET_NS_FD = 28;

    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;

    public const byte IFA_F_NODAD = 0x02;
    public const uint IFF_UP = 0x1;

    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;
    public const byte AF_INET6 = 10;
}
