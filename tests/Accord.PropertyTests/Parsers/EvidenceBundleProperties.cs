using Accord.Bundles;
using Accord.PropertyTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using CsCheck;
using Google.Protobuf;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>
/// Verdict evidence bundles (docs/formats.md) through the offline verifier: a real bundle
/// (keys, log, device chain, reporting key, signed reports) mutated byte by byte and field by field.
/// </summary>
public sealed class EvidenceBundleProperties(ITestOutputHelper output)
{
    private static readonly BundleFixture Fixture = new();
    private static readonly EvidenceBundle Valid = Fixture.Build();
    private static readonly byte[] ValidBytes = EvidenceBundles.Serialize(Valid);

    [Fact]
    public void Verify_ValidBundle_Valid() => Assert.True(EvidenceBundles.Verify(ValidBytes).Valid);

    [Fact]
    public void Verify_MutatedBytes_NeverThrowsValidOnlyWhenUnchanged()
    {
        Property.Run(output, "evidence bundles, mutated bytes", Mutate.Bytes(ValidBytes), bytes =>
        {
            var result = Expect.NeverThrows(() => EvidenceBundles.Verify(bytes));
            Assert.Equal(result.Valid, result.Reason is null);
            if (result.Valid)
            {
                Assert.Equal(ValidBytes, bytes);
            }
        }, CaseBudget.BundleBytes);
    }

    [Fact]
    public void Verify_MutatedFields_NeverThrowsValidOnlyWhenUnchanged()
    {
        Property.Run(output, "evidence bundles, mutated fields", ProtoMutator.Of(Valid), bundle =>
        {
            var result = Expect.NeverThrows(() => EvidenceBundles.Verify(bundle));
            Assert.Equal(result.Valid, result.Reason is null);
            if (result.Valid)
            {
                Assert.Equal(Valid, bundle);
            }
        }, CaseBudget.BundleFields);
    }
}
