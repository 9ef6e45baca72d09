using System.Net;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Link;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Tests.Link;

/// <summary>A server link and a client link wired back to back through queues, with a hand-driven clock.</summary>
internal sealed class LinkPair
{
    public LinkPair(PppLinkOptions server, PppLinkOptions client, Action<LinkHost, AuthVerificationRequest>? verify = null)
    {
        Server = new LinkHost("server", this, verify);
        Client = new LinkHost("client", this, null);
        Server.Link = new PppLink(server, Server, CryptoRandomSource.Instance);
        Client.Link = new PppLink(client, Client, CryptoRandomSource.Instance);
        Server.Peer = Client;
        Client.Peer = Server;
    }

    public LinkHost Server { get; }

    public LinkHost Client { get; }

    public long NowMs { get; private set; }

    /// <summary>When false, packets in flight are dropped (a lossy wire).</summary>
    public bool Deliver { get; set; } = true;

    public void Start()
    {
        Server.Link.Start(NowMs);
        Client.Link.Start(NowMs);
        Pump();
    }

    public void Pump()
    {
        for (int guard = 0; guard < 10_000; guard++)
        {
            if (!Server.TryDeliverOne() && !Client.TryDeliverOne())
            {
                return;
            }
        }

        throw new InvalidOperationException("the links never went quiet");
    }

    public void Advance(long ms)
    {
        long end = NowMs + ms;
        while (true)
        {
            long next = Math.Min(Server.Link.NextDeadlineMs, Client.Link.NextDeadlineMs);
            if (next > end)
            {
                break;
            }

            NowMs = Math.Max(NowMs, next);
            Server.Link.Tick(NowMs);
            Client.Link.Tick(NowMs);
            Pump();
        }

        NowMs = end;
    }
}

internal sealed class LinkHost(string name, LinkPair pair, Action<LinkHost, AuthVerificationRequest>? verify) : IPppLinkHost
{
    private readonly Queue<(ushort Protocol, byte[] Packet)> _outbox = new();

    public string Name { get; } = name;

    public PppLink Link { get; set; } = null!;

    public LinkHost Peer { get; set; } = null!;

    public List<(ushort Protocol, byte[] Packet)> Sent { get; } = [];

    public List<AuthResult> Authenticated { get; } = [];

    public List<ushort> NetworkUp { get; } = [];

    public List<ushort> NetworkDown { get; } = [];

    public List<PppLinkCloseReason> Finished { get; } = [];

    /// <summary>Server: addresses handed out in <see cref="OnAuthenticated"/>; null = the test calls BeginNetworkPhase itself.</summary>
    public IPAddress? AssignPeer { get; set; } = IPAddress.Parse("10.8.0.2");

    public void SendControl(ushort protocol, ReadOnlySpan<byte> packet)
    {
        byte[] copy = packet.ToArray();
        Sent.Add((protocol, copy));
        if (pair.Deliver)
        {
            _outbox.Enqueue((protocol, copy));
        }
    }

    public bool TryDeliverOne()
    {
        if (!_outbox.TryDequeue(out var item))
        {
            return false;
        }

        Peer.Link.Receive(item.Protocol, item.Packet, pair.NowMs);
        return true;
    }

    /// <summary>Delivers a raw frame from "the peer" straight into this link.</summary>
    public void Inject(ushort protocol, byte[] packet) => Link.Receive(protocol, packet, pair.NowMs);

    public void OnVerificationRequested(AuthVerificationRequest request) => verify?.Invoke(this, request);

    public void OnAuthenticated(AuthResult result)
    {
        Authenticated.Add(result);
        if (result.Succeeded && Link.Role == PppRole.Server && AssignPeer is not null)
        {
            Link.BeginNetworkPhase(IPAddress.Parse("10.8.0.1"), AssignPeer, IPAddress.Parse("10.8.0.53"), null, pair.NowMs);
        }
    }

    public void OnNetworkLayerUp(ushort protocol) => NetworkUp.Add(protocol);

    public void OnNetworkLayerDown(ushort protocol) => NetworkDown.Add(protocol);

    public void OnLinkFinished(PppLinkCloseReason reason) => Finished.Add(reason);
}
