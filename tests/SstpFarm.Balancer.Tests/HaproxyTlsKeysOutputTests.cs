using FsCheck;
using FsCheck.Fluent;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

public sealed class HaproxyTlsKeysOutputTests
{
    // As HAProxy 2.6.12 printed them here.
    private const string References = "# id (file)\n0 (/tmp/hx/keys)\n1 (/etc/haproxy/other keys)\n\n";
    private const string Keys = "# id secret\n# 0 (/tmp/hx/keys)\n0.0 O57HgUMY8aKv\n0.1 SJjHmDBbkJBX\n0.2 fhv77ReCHBjl\n\n";

    [Fact]
    public void Reads_references()
    {
        IReadOnlyList<HaproxyTlsKeysReference> references = HaproxyTlsKeysOutput.ParseReferences(References);
        Assert.Equal([new HaproxyTlsKeysReference(0, "/tmp/hx/keys"), new HaproxyTlsKeysReference(1, "/etc/haproxy/other keys")], references);
        Assert.Equal("#1", references[1].IdReference);
    }

    [Fact]
    public void Reads_keys_oldest_first() =>
        Assert.Equal(["O57HgUMY8aKv", "SJjHmDBbkJBX", "fhv77ReCHBjl"], HaproxyTlsKeysOutput.ParseKeys(Keys));

    [Fact]
    public void A_refusal_holds_no_keys() =>
        Assert.Empty(HaproxyTlsKeysOutput.ParseKeys("'show tls-keys' unable to locate referenced filename\n\n"));

    [Fact]
    public void Any_text_parses_without_exception() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), text =>
        {
            _ = HaproxyTlsKeysOutput.ParseReferences(text);
            _ = HaproxyTlsKeysOutput.ParseKeys(text);
            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Mutated_outputs_parse_without_exception() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, Keys.Length - 1)), Arb.From(Gen.Elements('\n', ' ', '.', '#', '(', ')', '0', 'x')), (position, c) =>
        {
            string mutated = Keys[..position] + c + Keys[(position + 1)..];
            IReadOnlyList<string> keys = HaproxyTlsKeysOutput.ParseKeys(mutated);
            _ = HaproxyTlsKeysOutput.ParseReferences(mutated);
            return keys.Count <= 4;
        }).QuickCheckThrowOnFailure();
}
