using System.Buffers;
using SstpFarm.Protocol.Sstp.Http;

namespace SstpFarm.Protocol.Tests.Http;

/// <summary>Runs the handshake parsers over a growing buffer the way a socket loop would.</summary>
internal static class HttpTestFeeding
{
    /// <summary>Feeds <paramref name="input"/> in pieces ending at <paramref name="cuts"/> (then the rest) and describes the outcome.</summary>
    public static string ParseRequest(byte[] input, IEnumerable<int> cuts, SstpHttpLimits? limits = null)
    {
        var parser = new SstpHttpRequestParser(limits ?? new SstpHttpLimits());
        (OperationStatus status, int consumed) = Feed(input, cuts, (ReadOnlySpan<byte> s, out int c) => parser.Parse(s, out c));
        SstpHttpRequest? r = parser.Request;
        return $"{status}|{consumed}|{parser.Error}|{parser.Method}|{parser.Target}|{r?.Kind}|{r?.Version}|{r?.Host}|{r?.ContentLength}|{r?.CorrelationId}|{r?.Cookie}";
    }

    public static string ParseResponse(byte[] input, IEnumerable<int> cuts)
    {
        var parser = new SstpHttpResponseParser(new SstpHttpLimits());
        (OperationStatus status, int consumed) = Feed(input, cuts, (ReadOnlySpan<byte> s, out int c) => parser.Parse(s, out c));
        return $"{status}|{consumed}|{parser.Error}|{parser.StatusCode}|{parser.ReasonPhrase}";
    }

    public static IEnumerable<int> EveryByte(byte[] input) => Enumerable.Range(0, input.Length + 1);

    private delegate OperationStatus ParseStep(ReadOnlySpan<byte> received, out int consumed);

    private static (OperationStatus, int) Feed(byte[] input, IEnumerable<int> cuts, ParseStep step)
    {
        OperationStatus status = OperationStatus.NeedMoreData;
        int consumed = 0;
        foreach (int cut in cuts.Where(c => c >= 0 && c <= input.Length).Order().Append(input.Length))
        {
            status = step(input.AsSpan(0, cut), out consumed);
            if (status != OperationStatus.NeedMoreData)
            {
                break;
            }
        }

        return (status, consumed);
    }
}
