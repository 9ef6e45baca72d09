using System.Text;

namespace SstpFarm.Protocol.Tests.Http;

/// <summary>Request heads as real clients send them (docs/protocol/sstp.md §3.1, interop.md B).</summary>
internal static class HttpVectors
{
    public const string RequestLine = "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n";

    /// <summary>Windows: canonical curly-brace GUID as correlation id.</summary>
    public const string Windows = RequestLine
        + "Host: vpn.example.com\r\n"
        + "SSTPCORRELATIONID: {6F5F3A1C-9B2D-4E7A-8C1D-2B3A4C5D6E7F}\r\n"
        + "Content-Length: 18446744073709551615\r\n"
        + "\r\n";

    /// <summary>sstpc: Host, Content-Length, SSTPCORRELATIONID; 4-group "{%.4X-%.2X-%.2X-%.4X}" id (sstp-util.c).</summary>
    public const string Sstpc = RequestLine
        + "Host: vpn.example.com:443\r\n"
        + "Content-Length: 18446744073709551615\r\n"
        + "SSTPCORRELATIONID: {41C6-7B-2E-1F0A}\r\n"
        + "\r\n";

    /// <summary>Open-SSTP-Client (kittoku): Content-Length first, lower-case UUID in braces (SSLTerminal.kt).</summary>
    public const string Kittoku = RequestLine
        + "Content-Length: 18446744073709551615\r\n"
        + "Host: vpn.example.com\r\n"
        + "SSTPCORRELATIONID: {3f2504e0-4f89-11d3-9a0c-0305e82c3301}\r\n"
        + "\r\n";

    /// <summary>sstpc with --uuid: brace-less UUID (accel-ppp issue #91 log).</summary>
    public const string BracelessUuid = RequestLine
        + "Host: 192.0.2.10\r\n"
        + "Content-Length: 18446744073709551615\r\n"
        + "SSTPCORRELATIONID: 3f2504e0-4f89-11d3-9a0c-0305e82c3301\r\n"
        + "\r\n";

    /// <summary>MS-SSTP §4.7 Call Connect Request, pipelined right after the head.</summary>
    public static readonly byte[] CallConnectRequest = [0x10, 0x01, 0x00, 0x0E, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x06, 0x00, 0x01];

    public static readonly string[] AllClients = [Windows, Sstpc, Kittoku, BracelessUuid];

    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
