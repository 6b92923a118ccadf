// RFC 5280 section 4.1.1.3: the signatureValue BIT STRING of an ECDSA certificate holds a DER
// ECDSA-Sig-Value, a whole number of octets. A non-zero unused-bits count must be refused, not thrown.
using Accord.Core.Attestation;
using Accord.DevTools;

namespace Accord.Core.Tests.Attestation;

public sealed class SignaturePadBitsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_LeafSignatureWithUnusedBits_IsRefusedWithoutThrowing()
    {
        // Arrange: set the unused-bits octet of the leaf's signature BIT STRING (the last element) to 1.
        var maker = TestManufacturer.Create("Acme", Now.AddDays(-30));
        var device = maker.IssueDevice("GPU-PAD", Now.AddDays(-1));
        var leaf = (byte[])device.ChainDer[0].Clone();
        var at = Enumerable.Range(0, leaf.Length - 2).Last(i => leaf[i] == 0x03 && leaf[i + 1] == leaf.Length - i - 2 && leaf[i + 2] == 0);
        leaf[at + 2] = 1;

        // Act
        var result = DeviceChainVerifier.Verify([leaf, device.ChainDer[1]], TrustSnapshot.Of([maker.RootDer]), Now);

        // Assert
        Assert.False(result.Valid);
        Assert.Contains(result.Reason, new[] { AttestationReasons.BadSignature, AttestationReasons.Malformed });
    }
}
