using System.Net;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tls;
using SstpFarm.Protocol.Sstp.Http;

namespace SstpFarm.DataPlane.Listener;

/// <summary>A connection that completed PROXY, TLS and HTTP and was answered 200: SSTP starts now.</summary>
internal sealed class HandshakeResult
{
    public HandshakeResult(Stream stream, ReadOnlyMemory<byte> pipelined, IPEndPoint? clientEndPoint, ServerCredentials credentials, SstpHttpRequest request)
    {
        Stream = stream;
        Pipelined = pipelined;
        ClientEndPoint = clientEndPoint;
        Credentials = credentials;
        Request = request;
    }

    /// <summary>The SslStream (or the plain NetworkStream without TLS).</summary>
    public Stream Stream { get; }

    /// <summary>SSTP bytes that arrived with the HTTP request (a Call Connect Request, usually).</summary>
    public ReadOnlyMemory<byte> Pipelined { get; }

    public IPEndPoint? ClientEndPoint { get; }

    /// <summary>The certificate generation this client saw.</summary>
    public ServerCredentials Credentials { get; }

    public SstpHttpRequest Request { get; }
}

/// <summary>How a handshake ended: a <see cref="HandshakeResult"/>, or a reason the connection was closed.</summary>
internal readonly record struct HandshakeOutcome(HandshakeResult? Result, ConnectionCloseReason Reason, string? Detail = null, Exception? Error = null)
{
    public static HandshakeOutcome Failed(ConnectionCloseReason reason, string? detail = null, Exception? error = null) => new(null, reason, detail, error);
}
