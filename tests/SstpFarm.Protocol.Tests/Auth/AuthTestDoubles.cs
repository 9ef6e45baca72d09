using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Tests.Auth;

/// <summary>One direction of an in-memory PPP link: records what a side sends.</summary>
internal sealed class RecordingOutput : IPppOutput
{
    public List<(ushort Protocol, byte[] Packet)> Sent { get; } = [];

    public int Delivered { get; set; }

    public void Send(ushort protocol, ReadOnlySpan<byte> packet) => Sent.Add((protocol, packet.ToArray()));

    public byte[] Last => Sent[^1].Packet;
}

/// <summary>Records verification requests and results; optionally decides at once.</summary>
internal sealed class RecordingListener : IAuthenticatorListener
{
    public Action<AuthVerificationRequest>? Decide { get; set; }

    public List<AuthVerificationRequest> Requests { get; } = [];

    public List<AuthResult> Results { get; } = [];

    public void OnVerificationRequested(AuthVerificationRequest request)
    {
        Requests.Add(request);
        Decide?.Invoke(request);
    }

    public void OnFinished(AuthResult result) => Results.Add(result);
}

/// <summary>Hands out queued byte strings first, then a counter, so exchanges replay exactly.</summary>
internal sealed class ScriptedRandom : IRandomSource
{
    private readonly Queue<byte[]> script = new();
    private byte counter;

    public ScriptedRandom(params byte[][] values)
    {
        foreach (byte[] value in values)
        {
            script.Enqueue(value);
        }
    }

    public void Fill(Span<byte> destination)
    {
        if (script.Count > 0)
        {
            script.Dequeue().AsSpan(0, destination.Length).CopyTo(destination);
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ++counter;
        }
    }
}

/// <summary>Moves packets between a server and a client until both sides are quiet.</summary>
internal sealed class Link
{
    public Link(PppAuthExchange server, RecordingOutput serverOut, PppAuthExchange client, RecordingOutput clientOut)
    {
        Server = server;
        ServerOut = serverOut;
        Client = client;
        ClientOut = clientOut;
    }

    public PppAuthExchange Server { get; }

    public RecordingOutput ServerOut { get; }

    public PppAuthExchange Client { get; }

    public RecordingOutput ClientOut { get; }

    /// <summary>Delivers everything not yet delivered, both ways, at <paramref name="nowMs"/>.</summary>
    public void Pump(long nowMs)
    {
        bool moved = true;
        while (moved)
        {
            moved = Deliver(ServerOut, Client, nowMs) | Deliver(ClientOut, Server, nowMs);
        }
    }

    /// <summary>Forgets what has been sent but not delivered (a lossy link).</summary>
    public static void Drop(RecordingOutput output) => output.Delivered = output.Sent.Count;

    private static bool Deliver(RecordingOutput from, PppAuthExchange to, long nowMs)
    {
        bool any = false;
        while (from.Delivered < from.Sent.Count)
        {
            (ushort protocol, byte[] packet) = from.Sent[from.Delivered++];
            Assert.Equal(to.Protocol, protocol);
            to.Receive(packet, nowMs);
            any = true;
        }

        return any;
    }
}

/// <summary>A server and a client joined by a <see cref="Link"/>, with recording listeners.</summary>
internal sealed class AuthPair<TServer, TClient>
    where TServer : PppAuthenticator
    where TClient : PppAuthExchange
{
    public AuthPair(
        Func<RecordingOutput, RecordingListener, TServer> createServer,
        Func<RecordingOutput, RecordingListener, TClient> createClient,
        Action<TServer, AuthVerificationRequest>? decide = null)
    {
        Server = createServer(ServerOut, ServerListener);
        Client = createClient(ClientOut, ClientListener);
        if (decide is not null)
        {
            ServerListener.Decide = request => decide(Server, request);
        }

        Link = new Link(Server, ServerOut, Client, ClientOut);
    }

    public RecordingOutput ServerOut { get; } = new();

    public RecordingOutput ClientOut { get; } = new();

    public RecordingListener ServerListener { get; } = new();

    public RecordingListener ClientListener { get; } = new();

    public TServer Server { get; }

    public TClient Client { get; }

    public Link Link { get; }

    /// <summary>Starts both sides (client first, as when both LCPs open together) and runs the exchange.</summary>
    public void Start(long nowMs)
    {
        Client.Start(nowMs);
        Server.Start(nowMs);
        Link.Pump(nowMs);
    }
}
