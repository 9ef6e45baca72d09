using System.Net;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>Where the agent listens and how it bounds its work.</summary>
public sealed class AgentCheckServerOptions
{
    /// <summary>
    /// The agent's default port (the shipped HAProxy configs use it as `agent-port`): a fixed, documented
    /// number next to nothing well known.
    /// </summary>
    public const int DefaultPort = 9444;

    private IPEndPoint _endPoint = new(IPAddress.Loopback, DefaultPort);
    private TimeSpan _connectionTimeout = TimeSpan.FromSeconds(1);
    private int _maxConcurrentConnections = 16;

    /// <summary>
    /// Default 127.0.0.1:9444, right for HAProxy on the same host; in a farm bind the node's address on
    /// the network HAProxy reaches it by (the agent tells only state and load, but keep it off the Internet).
    /// Port 0 picks a free port (tests); <see cref="AgentCheckServer.LocalEndPoint"/> tells which.
    /// </summary>
    public IPEndPoint EndPoint
    {
        get => _endPoint;
        set => _endPoint = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The most one check may take, reply computation and write included. Default 1 s.</summary>
    public TimeSpan ConnectionTimeout
    {
        get => _connectionTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _connectionTimeout = value;
        }
    }

    /// <summary>
    /// Checks served at once; more are closed at once. Default 16: a few HAProxy instances checking
    /// every 500 ms need 1-2.
    /// </summary>
    public int MaxConcurrentConnections
    {
        get => _maxConcurrentConnections;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxConcurrentConnections = value;
        }
    }

    public override string ToString() => $"EndPoint={EndPoint}, ConnectionTimeout={ConnectionTimeout}, MaxConcurrentConnections={MaxConcurrentConnections}";
}
