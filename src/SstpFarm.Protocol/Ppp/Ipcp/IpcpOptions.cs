using System.Net;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Ipcp;

/// <summary>What our IPCP offers (server) or asks for (client); ppp.md §11.</summary>
public sealed class IpcpOptions
{
    public PppRole Role { get; init; } = PppRole.Server;

    /// <summary>Server: our tunnel address, sent as our only option. Client: a static address to ask for (null = 0.0.0.0, "assign me one").</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>Server: the address assigned to the client (from the pool); null = none, the client's IP-Address is rejected.</summary>
    public IPAddress? PeerAddress { get; init; }

    /// <summary>Server: DNS/NBNS addresses offered (RFC 1877); null = Reject the option.</summary>
    public IPAddress? PrimaryDns { get; init; }

    public IPAddress? SecondaryDns { get; init; }

    public IPAddress? PrimaryNbns { get; init; }

    public IPAddress? SecondaryNbns { get; init; }

    /// <summary>Client: ask for Primary and Secondary DNS (like pppd's usepeerdns).</summary>
    public bool RequestDns { get; init; }

    public PppAutomatonOptions Automaton { get; init; } = PppAutomatonOptions.Default;
}
