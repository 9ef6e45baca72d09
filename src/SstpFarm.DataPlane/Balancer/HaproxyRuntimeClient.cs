using System.Net.Sockets;
using System.Text;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// A client of HAProxy's runtime API (the `stats socket`, management guide §9.3): one connection per
/// command in non-interactive mode, where HAProxy answers and closes. Stateless and thread-safe.
/// </summary>
public sealed class HaproxyRuntimeClient
{
    /// <summary>Answers are read up to this size; bigger ones fail rather than grow without bound.</summary>
    public const int MaxResponseBytes = 1 << 20;

    private const string TlsKeyUpdated = "TLS ticket key updated!";

    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    /// <param name="endpoint">The runtime API socket; TLS keys need `level admin` on it.</param>
    /// <param name="timeout">The most one command may take, connect included.</param>
    /// <param name="timeProvider">Clock for the timeout.</param>
    public HaproxyRuntimeClient(HaproxyRuntimeEndpoint endpoint, TimeSpan timeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Endpoint = endpoint;
        _timeout = timeout;
        _time = timeProvider;
    }

    public HaproxyRuntimeEndpoint Endpoint { get; }

    /// <summary>
    /// Sends one command line and returns HAProxy's whole answer. The line must not contain a newline;
    /// HAProxy itself splits a line at unescaped <c>;</c> into several commands.
    /// </summary>
    /// <exception cref="HaproxyRuntimeException">The socket is unreachable, the answer too big, or the time ran out.</exception>
    public async Task<string> ExecuteAsync(string command, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            throw new ArgumentException("one command line, without line breaks", nameof(command));
        }

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        ProtocolType protocol = Endpoint.EndPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        using var socket = new Socket(Endpoint.EndPoint.AddressFamily, SocketType.Stream, protocol);
        try
        {
            await socket.ConnectAsync(Endpoint.EndPoint, linked.Token).ConfigureAwait(false);
            byte[] request = Encoding.ASCII.GetBytes(command + "\n");
            int sent = 0;
            while (sent < request.Length)
            {
                sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, linked.Token).ConfigureAwait(false);
            }

            return await ReadToEndAsync(socket, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HaproxyRuntimeException($"HAProxy runtime API {Endpoint}: no answer within {_timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException e)
        {
            throw new HaproxyRuntimeException($"HAProxy runtime API {Endpoint}: {e.Message}", e);
        }
    }

    /// <summary>`show tls-keys`: every `tls-ticket-keys` reference of this HAProxy.</summary>
    public async Task<IReadOnlyList<HaproxyTlsKeysReference>> ShowTlsKeysAsync(CancellationToken cancellationToken = default) =>
        HaproxyTlsKeysOutput.ParseReferences(await ExecuteAsync("show tls-keys", cancellationToken).ConfigureAwait(false));

    /// <summary>`show tls-keys REF`: the keys of one reference, oldest first (the middle one encrypts).</summary>
    /// <param name="reference">The key file path or <c>#id</c>.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="HaproxyRuntimeException">Also when HAProxy knows no such reference.</exception>
    public async Task<IReadOnlyList<string>> GetTlsKeysAsync(string reference, CancellationToken cancellationToken = default)
    {
        CheckWord(reference, nameof(reference));
        string output = await ExecuteAsync("show tls-keys " + reference, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> keys = HaproxyTlsKeysOutput.ParseKeys(output);
        return keys.Count > 0 ? keys : throw new HaproxyRuntimeException($"HAProxy runtime API {Endpoint}: show tls-keys {reference}: {FirstLine(output)}");
    }

    /// <summary>
    /// `set ssl tls-key REF KEY`: KEY becomes the newest key, the previous newest starts encrypting and the
    /// oldest is dropped. In memory only — an HAProxy reload goes back to the key file.
    /// </summary>
    /// <exception cref="HaproxyRuntimeException">HAProxy refused (unknown reference, bad key) or was unreachable.</exception>
    public async Task SetTlsKeyAsync(string reference, string base64Key, CancellationToken cancellationToken = default)
    {
        CheckWord(reference, nameof(reference));
        CheckWord(base64Key, nameof(base64Key));
        string output = await ExecuteAsync($"set ssl tls-key {reference} {base64Key}", cancellationToken).ConfigureAwait(false);
        if (!output.Contains(TlsKeyUpdated, StringComparison.Ordinal))
        {
            // HAProxy's refusal text never echoes the key.
            throw new HaproxyRuntimeException($"HAProxy runtime API {Endpoint}: set ssl tls-key {reference}: {FirstLine(output)}");
        }
    }

    private static async Task<string> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        var response = new MemoryStream();
        byte[] buffer = new byte[4096];
        while (true)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            if (response.Length + n > MaxResponseBytes)
            {
                throw new HaproxyRuntimeException($"HAProxy runtime API answer over {MaxResponseBytes} bytes");
            }

            await response.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        return Encoding.UTF8.GetString(response.GetBuffer(), 0, (int)response.Length);
    }

    // Arguments are single words: a space, ';' or line break would change or add commands.
    private static void CheckWord(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        foreach (char c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is ';' or '\\')
            {
                throw new ArgumentException("a runtime API argument is one word without spaces, ';' or '\\'", name);
            }
        }
    }

    private static string FirstLine(string output)
    {
        string trimmed = output.Trim();
        int newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        string line = newline < 0 ? trimmed : trimmed[..newline];
        return line.Length == 0 ? "(empty answer)" : line;
    }
}
