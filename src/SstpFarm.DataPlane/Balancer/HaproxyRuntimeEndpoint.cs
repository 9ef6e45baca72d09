using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// Where an HAProxy runtime API (`stats socket`) listens: a unix socket (<c>unix:/run/haproxy/admin.sock</c>
/// or just an absolute path) or TCP (<c>tcp:10.0.0.5:9999</c> or <c>10.0.0.5:9999</c>, <c>[::1]:9999</c>,
/// <c>lb1.example:9999</c>).
/// </summary>
public sealed class HaproxyRuntimeEndpoint
{
    private const string UnixPrefix = "unix:";
    private const string TcpPrefix = "tcp:";

    private HaproxyRuntimeEndpoint(EndPoint endPoint, string text)
    {
        EndPoint = endPoint;
        Text = text;
    }

    /// <summary>A <see cref="UnixDomainSocketEndPoint"/>, <see cref="IPEndPoint"/> or <see cref="DnsEndPoint"/>.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The endpoint as configured (for logs).</summary>
    public string Text { get; }

    public static HaproxyRuntimeEndpoint Unix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new HaproxyRuntimeEndpoint(new UnixDomainSocketEndPoint(path), UnixPrefix + path);
    }

    public static HaproxyRuntimeEndpoint Tcp(EndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (endPoint is not (IPEndPoint or DnsEndPoint))
        {
            throw new ArgumentException("a TCP runtime endpoint is an IPEndPoint or a DnsEndPoint", nameof(endPoint));
        }

        string text = endPoint is DnsEndPoint dns ? $"{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}" : endPoint.ToString()!;
        return new HaproxyRuntimeEndpoint(endPoint, TcpPrefix + text);
    }

    /// <summary>Parses the forms listed on the type; false (never an exception) on anything else.</summary>
    public static bool TryParse(string? text, out HaproxyRuntimeEndpoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() != text)
        {
            return false;
        }

        if (text.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            string path = text[UnixPrefix.Length..];
            return TryUnix(path, out endpoint);
        }

        if (text.StartsWith('/'))
        {
            return TryUnix(text, out endpoint);
        }

        string hostPort = text.StartsWith(TcpPrefix, StringComparison.Ordinal) ? text[TcpPrefix.Length..] : text;
        if (IPEndPoint.TryParse(hostPort, out IPEndPoint? ip) && ip.Port != 0 && HasExplicitPort(hostPort))
        {
            endpoint = Tcp(ip);
            return true;
        }

        int colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || hostPort.Contains('[', StringComparison.Ordinal)
            || !int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > IPEndPoint.MaxPort)
        {
            return false;
        }

        string host = hostPort[..colon];
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return false;
        }

        endpoint = Tcp(new DnsEndPoint(host, port));
        return true;
    }

    /// <summary>Parses the forms listed on the type.</summary>
    /// <exception cref="FormatException">Not one of them.</exception>
    public static HaproxyRuntimeEndpoint Parse(string text) =>
        TryParse(text, out HaproxyRuntimeEndpoint? endpoint) ? endpoint! : throw new FormatException($"not an HAProxy runtime endpoint (unix:/path, /path, tcp:host:port or host:port): '{text}'");

    public override string ToString() => Text;

    private static bool TryUnix(string path, out HaproxyRuntimeEndpoint? endpoint)
    {
        endpoint = null;
        // sun_path holds 108 bytes including the terminating NUL.
        if (path.Length is 0 or > 107 || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        endpoint = Unix(path);
        return true;
    }

    // IPEndPoint.TryParse accepts "10.0.0.5" (port 0) and a bare IPv6 address whose last group looks like a port.
    private static bool HasExplicitPort(string hostPort) =>
        hostPort.StartsWith('[') ? hostPort.Contains("]:", StringComparison.Ordinal) : hostPort.Count(c => c == ':') == 1;
}
