using System.Net.Sockets;
using System.Text;

namespace SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

/// <summary>A minimal RESP client for test plumbing (PING, INFO, SENTINEL …) without going through the code under test.</summary>
internal static class Resp
{
    public static async Task<string> CommandAsync(int port, params string[] args)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        NetworkStream stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (string arg in args)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await ReadAsync(reader);
    }

    public static async Task<bool> PingAsync(int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            return (await CommandAsync(port, "PING").WaitAsync(timeout.Token)) == "PONG";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<string> ReadAsync(StreamReader reader)
    {
        string line = await reader.ReadLineAsync() ?? throw new IOException("connection closed");
        switch (line[0])
        {
            case '+':
            case '-':
            case ':':
                return line[1..];
            case '$':
            {
                int length = int.Parse(line[1..]);
                if (length < 0)
                {
                    return string.Empty;
                }

                char[] body = new char[length];
                int read = 0;
                while (read < length)
                {
                    read += await reader.ReadAsync(body.AsMemory(read, length - read));
                }

                await reader.ReadLineAsync();
                return new string(body);
            }

            case '*':
            {
                int count = int.Parse(line[1..]);
                var items = new List<string>();
                for (int i = 0; i < count; i++)
                {
                    items.Add(await ReadAsync(reader));
                }

                return string.Join('\n', items);
            }

            default:
                throw new IOException($"unexpected reply '{line}'");
        }
    }
}
