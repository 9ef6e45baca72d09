using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>
/// Authentication-Protocol (RFC 1661 §6.2). Server: request the configured methods in order,
/// follow the client's Nak to another allowed method, close if refused and authentication is
/// required. Client: ack an allowed method, else Nak with the preferred allowed one.
/// </summary>
internal sealed class AuthProtocolOptionHandler : LcpOptionHandler
{
    private readonly LcpOptions _options;
    private readonly Action _refused;
    private readonly bool _server;
    private LcpAuthMethod _requested;
    private int _tried; // bit per LcpAuthMethod value already requested

    public AuthProtocolOptionHandler(LcpOptions options, Action refused)
    {
        _options = options;
        _refused = refused;
        _server = options.Role == PppRole.Server;
        if (_server && options.AuthMethods.Count > 0)
        {
            Request(options.AuthMethods[0]);
        }
    }

    public override LcpOptionType Type => LcpOptionType.AuthenticationProtocol;

    /// <summary>Server: the method the client acknowledged. Client: the method we acknowledged.</summary>
    public LcpAuthMethod Negotiated { get; private set; }

    public override int WriteRequest(Span<byte> destination)
    {
        if (_requested == LcpAuthMethod.None)
        {
            return 0;
        }

        Span<byte> data = stackalloc byte[3];
        int length = LcpAuthMethodCodec.Write(data, _requested);
        return PppOption.Write(destination, (byte)Type, data[..length]);
    }

    public override OptionVerdict Judge(ReadOnlySpan<byte> data, Span<byte> nakData, out int nakDataLength)
    {
        nakDataLength = 0;
        if (_server || _options.AuthMethods.Count == 0)
        {
            return OptionVerdict.Reject; // the server does not authenticate itself to the client
        }

        if (IsAllowed(LcpAuthMethodCodec.Parse(data)))
        {
            return OptionVerdict.Ack;
        }

        nakDataLength = LcpAuthMethodCodec.Write(nakData, _options.AuthMethods[0]);
        return OptionVerdict.Nak;
    }

    public override void ResetPeer()
    {
        if (!_server)
        {
            Negotiated = LcpAuthMethod.None;
        }
    }

    public override void ApplyPeer(ReadOnlySpan<byte> data)
    {
        if (!_server)
        {
            Negotiated = LcpAuthMethodCodec.Parse(data);
        }
    }

    public override void OnAcked(ReadOnlySpan<byte> data) => Negotiated = LcpAuthMethodCodec.Parse(data);

    public override void OnNaked(ReadOnlySpan<byte> data)
    {
        if (!_server || _options.AuthMethods.Count == 0)
        {
            return;
        }

        LcpAuthMethod proposed = LcpAuthMethodCodec.Parse(data);
        if (IsAllowed(proposed) && !WasTried(proposed))
        {
            Request(proposed);
            return;
        }

        foreach (LcpAuthMethod method in _options.AuthMethods)
        {
            if (!WasTried(method))
            {
                Request(method);
                return;
            }
        }

        GiveUp();
    }

    public override void OnRejected()
    {
        if (_server && _requested != LcpAuthMethod.None)
        {
            GiveUp();
        }
    }

    private void GiveUp()
    {
        _requested = LcpAuthMethod.None;
        if (_options.AuthRequired)
        {
            _refused();
        }
    }

    private void Request(LcpAuthMethod method)
    {
        _requested = method;
        _tried |= 1 << (int)method;
    }

    private bool WasTried(LcpAuthMethod method) => (_tried & (1 << (int)method)) != 0;

    private bool IsAllowed(LcpAuthMethod method) => method != LcpAuthMethod.None && _options.AuthMethods.Contains(method);
}
