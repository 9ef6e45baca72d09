using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.ProxyProtocol;

namespace SstpFarm.Protocol.Tests.ProxyProtocol;

/// <summary>Random and mutated input gives only documented results, and a prefix never contradicts the whole.</summary>
public sealed class ProxyProtocolPropertyTests
{
    private static readonly byte[][] V1Seeds =
    [
        Encoding.ASCII.GetBytes("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nSSTP"),
        Encoding.ASCII.GetBytes("PROXY TCP6 2001:db8::1 2001:db8::2 50000 443\r\n"),
        Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n"),
    ];

    private static Gen<byte[]> Mutate(Gen<byte[]> seeds) =>
        seeds.Zip(Gen.Choose(0, 3).Zip(Gen.Choose(0, 1000)).Zip(Gen.Choose(0, 255)).ArrayOf().Select(a => a.Take(3).ToArray()))
            .Select(t =>
            {
                var bytes = t.Item1.ToList();
                foreach (((int kind, int position), int value) in t.Item2)
                {
                    int at = bytes.Count == 0 ? 0 : position % bytes.Count;
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0: bytes[at] = (byte)value; break;
                        case 1 when bytes.Count > 0: bytes[at] ^= (byte)(1 << (value % 8)); break;
                        case 2: bytes.Insert(at, (byte)value); break;
                        case 3 when bytes.Count > 0: bytes.RemoveAt(at); break;
                    }
                }

                return bytes.ToArray();
            });

    private static readonly Gen<byte[]> Inputs = Gen.OneOf(
        Mutate(ProxyV2WriterTests.WrittenHeaders),
        Mutate(Gen.Elements(V1Seeds)),
        Gen.Choose(0, 300).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n)));

    [Fact]
    public void OnlyDocumentedOutcomes()
    {
        var limits = new ProxyProtocolLimits();
        Prop.ForAll(Arb.From(Inputs), input =>
        {
            OperationStatus status = ProxyProtocolParser.Parse(input, limits, out ProxyHeader? header, out int consumed, out ProxyProtocolError error);
            return status switch
            {
                OperationStatus.Done => error == ProxyProtocolError.None && header is not null && consumed == header.HeaderLength
                    && consumed <= input.Length && consumed <= limits.MaxHeaderBytes
                    && (header.Version == 2
                        ? consumed == 16 + ((input[14] << 8) | input[15])
                        : consumed <= ProxyProtocolConstants.V1MaxLineLength && input[consumed - 2] == '\r' && input[consumed - 1] == '\n'),
                OperationStatus.NeedMoreData => error == ProxyProtocolError.None && header is null && consumed == 0
                    && input.Length < limits.MaxHeaderBytes,
                OperationStatus.InvalidData => error != ProxyProtocolError.None && header is null && consumed == 0,
                _ => false,
            };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void APrefixEitherNeedsMoreDataOrAgreesWithTheWhole()
    {
        var limits = new ProxyProtocolLimits();
        Prop.ForAll(Arb.From(Inputs.Zip(Gen.Choose(0, 1000))), t =>
        {
            (byte[] input, int cut) = t;
            cut = cut % (input.Length + 1);
            OperationStatus whole = ProxyProtocolParser.Parse(input, limits, out _, out int wholeConsumed, out ProxyProtocolError wholeError);
            OperationStatus part = ProxyProtocolParser.Parse(input.AsSpan(0, cut), limits, out _, out int partConsumed, out ProxyProtocolError partError);
            return part == OperationStatus.NeedMoreData
                || (part == whole && partConsumed == wholeConsumed && partError == wholeError);
        }).QuickCheckThrowOnFailure();
    }
}
