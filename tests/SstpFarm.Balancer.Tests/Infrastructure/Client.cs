using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>A client connection through HAProxy to a <see cref="TestBackend"/>, which greets with its name.</summary>
internal sealed class Client : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;

    private Client(TcpClient tcp, string node)
    {
        _tcp = tcp;
        _reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
        Node = node;
    }

    /// <summary>The node that took the connection.</summary>
    public string Node { get; private set; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.Client.LocalEndPoint!;

    public static async Task<Client> ConnectAsync(int port)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var client = new Client(tcp, string.Empty);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        client.Node = await client._reader.ReadLineAsync(cts.Token) ?? throw new IOException("closed before the node greeted");
        return client;
    }

    /// <summary>Opens <paramref name="count"/> connections one after the other, each kept open.</summary>
    public static async Task<List<Client>> ConnectManyAsync(int port, int count)
    {
        var clients = new List<Client>();
        for (int i = 0; i < count; i++)
        {
            clients.Add(await ConnectAsync(port));
        }

        return clients;
    }

    /// <summary>Sends a line and reads the backend's echo: the connection still carries traffic.</summary>
    public async Task<string?> EchoAsync(string line)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(line + "\n"), cts.Token);
        return await _reader.ReadLineAsync(cts.Token);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _tcp.Dispose();
    }
}
