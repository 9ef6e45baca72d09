using FsCheck;
using FsCheck.Fluent;
using System.Buffers;
using SstpFarm.Protocol.Sstp.Http;
using static SstpFarm.Protocol.Tests.Http.HttpVectors;

namespace SstpFarm.Protocol.Tests.Http;

/// <summary>Chunking never changes a result; random and mutated heads only give documented results.</summary>
public sealed class HttpParserPropertyTests
{
    private static readonly byte[] Interesting = "\r\n :\t\0{}?/0A"u8.ToArray().Concat(new byte[] { 0x7F, 0x80, 0xFF }).ToArray();

    private static readonly byte[][] RequestSeeds =
    [
        .. AllClients.Select(Bytes),
        [.. Bytes(Sstpc), .. CallConnectRequest],
        Bytes("GET / HTTP/1.0\r\nHost: a\r\n\r\n"),
        Bytes("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/?tenantid=t HTTP/1.1\r\nCookie: c\r\n\r\n"),
    ];

    private static readonly byte[][] ResponseSeeds =
    [
        Bytes("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: Thu, 09 Nov 2006 00:51:09 GMT\r\n\r\n\u0010\u0001"),
        Bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
    ];

    /// <summary>A seed with 0..4 random replacements, insertions or deletions, biased to syntax bytes.</summary>
    private static Gen<byte[]> Mutated(byte[][] seeds)
    {
        Gen<byte> anyByte = Gen.Frequency(
            (3, Gen.Elements(Interesting)),
            (1, Gen.Choose(0, 255).Select(b => (byte)b)));
        Gen<(int Kind, int Position, byte Value)> edit = Gen.Choose(0, 2)
            .Zip(Gen.Choose(0, 10_000))
            .Zip(anyByte)
            .Select(t => (t.Item1.Item1, t.Item1.Item2, t.Item2));

        return Gen.Elements(seeds).Zip(Gen.ListOf(edit).Select(l => l.Take(4).ToArray())).Select(pair =>
        {
            var bytes = pair.Item1.ToList();
            foreach ((int kind, int position, byte value) in pair.Item2)
            {
                int at = bytes.Count == 0 ? 0 : position % bytes.Count;
                switch (kind)
                {
                    case 0 when bytes.Count > 0: bytes[at] = value; break;
                    case 1: bytes.Insert(at, value); break;
                    case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                }
            }

            return bytes.ToArray();
        });
    }

    private static Gen<(byte[] Input, int[] Cuts)> WithCuts(Gen<byte[]> inputs) =>
        inputs.SelectMany(input => Gen.Choose(0, input.Length).ArrayOf().Select(cuts => (input, cuts)));

    private static Gen<byte[]> RandomBytes =>
        Gen.Choose(0, 5000).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n));

    [Fact]
    public void RequestChunkingNeverChangesTheResult()
    {
        Prop.ForAll(Arb.From(WithCuts(Gen.OneOf(Mutated(RequestSeeds), Gen.Elements(RequestSeeds)))), t =>
            HttpTestFeeding.ParseRequest(t.Input, []) == HttpTestFeeding.ParseRequest(t.Input, t.Cuts))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RequestByteAtATimeEqualsOneShot()
    {
        foreach (byte[] seed in RequestSeeds)
        {
            Assert.Equal(HttpTestFeeding.ParseRequest(seed, []), HttpTestFeeding.ParseRequest(seed, HttpTestFeeding.EveryByte(seed)));
            Assert.StartsWith("Done|", HttpTestFeeding.ParseRequest(seed, []), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ResponseChunkingNeverChangesTheResult()
    {
        foreach (byte[] seed in ResponseSeeds)
        {
            Assert.Equal(HttpTestFeeding.ParseResponse(seed, []), HttpTestFeeding.ParseResponse(seed, HttpTestFeeding.EveryByte(seed)));
        }

        Prop.ForAll(Arb.From(WithCuts(Mutated(ResponseSeeds))), t =>
            HttpTestFeeding.ParseResponse(t.Input, []) == HttpTestFeeding.ParseResponse(t.Input, t.Cuts))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MutatedRequestsGiveOnlyDocumentedResults()
    {
        Prop.ForAll(Arb.From(Gen.OneOf(Mutated(RequestSeeds), RandomBytes)), CheckRequestOutcome).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MutatedResponsesGiveOnlyDocumentedResults()
    {
        Prop.ForAll(Arb.From(Gen.OneOf(Mutated(ResponseSeeds), RandomBytes)), input =>
        {
            var parser = new SstpHttpResponseParser(new SstpHttpLimits());
            OperationStatus status = parser.Parse(input, out int consumed);
            return status switch
            {
                OperationStatus.Done => parser.Error == SstpHttpResponseError.None && parser.StatusCode == 200
                    && IsCleanHead(input.AsSpan(0, consumed)),
                OperationStatus.NeedMoreData => parser.Error == SstpHttpResponseError.None && consumed == 0
                    && input.Length < SstpHttpLimits.DefaultMaxHeadBytes && input.AsSpan().IndexOf("\r\n\r\n"u8) < 0,
                OperationStatus.InvalidData => parser.Error != SstpHttpResponseError.None && consumed == 0,
                _ => false,
            };
        }).QuickCheckThrowOnFailure();
    }

    private static bool CheckRequestOutcome(byte[] input)
    {
        var parser = new SstpHttpRequestParser(new SstpHttpLimits());
        OperationStatus status = parser.Parse(input, out int consumed);
        switch (status)
        {
            case OperationStatus.Done:
                SstpHttpRequest r = parser.Request!;
                return parser.Error == SstpHttpRequestError.None && consumed == r.HeadLength && IsCleanHead(input.AsSpan(0, consumed))
                    && (r.Kind != SstpHttpRequestKind.SstpDuplexPost
                        || (r.Version == "HTTP/1.1" && input.AsSpan().StartsWith("SSTP_DUPLEX_POST /sra_{"u8)))
                    && (r.CorrelationId?.Length ?? 0) <= SstpHttpLimits.DefaultMaxCorrelationIdLength;
            case OperationStatus.NeedMoreData:
                return parser.Error == SstpHttpRequestError.None && parser.Request is null && consumed == 0
                    && input.Length < SstpHttpLimits.DefaultMaxHeadBytes && input.AsSpan().IndexOf("\r\n\r\n"u8) < 0;
            case OperationStatus.InvalidData:
                return parser.Error != SstpHttpRequestError.None && parser.Request is null && consumed == 0;
            default:
                return false;
        }
    }

    // A Done head fits the limit, ends with CRLFCRLF and has no bare CR or LF anywhere.
    private static bool IsCleanHead(ReadOnlySpan<byte> head)
    {
        if (head.Length > SstpHttpLimits.DefaultMaxHeadBytes || !head.EndsWith("\r\n\r\n"u8))
        {
            return false;
        }

        for (int i = 0; i < head.Length; i++)
        {
            bool ok = head[i] switch
            {
                (byte)'\r' => i + 1 < head.Length && head[i + 1] == '\n',
                (byte)'\n' => i > 0 && head[i - 1] == '\r',
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return head.IndexOf("\r\n\r\n"u8) == head.Length - 4;
    }
}
