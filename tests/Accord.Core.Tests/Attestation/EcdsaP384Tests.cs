// EcdsaP384 (SEC1 / X9.62 over P-384, RFC 5480 keys) on inputs outside Wycheproof: wrong curves,
// wrong key encodings, wrong lengths; it must refuse and never throw.
using System.Security.Cryptography;
using Accord.Core.Attestation;
using Accord.DevTools;

namespace Accord.Core.Tests.Attestation;

public sealed class EcdsaP384Tests
{
    private static readonly byte[] Message = "message"u8.ToArray();

    private static readonly Lazy<DeviceIdentity> Device = new(() =>
        TestManufacturer.Create("Ecdsa", DateTimeOffset.UtcNow).IssueDevice("ECDSA-1", DateTimeOffset.UtcNow));

    public static TheoryData<byte[]> GarbageInputs() =>
    [
        [],
        [0x30],
        [0x30, 0x00],
        [0x30, 0x80, 0x00, 0x00],
        [.. Enumerable.Repeat((byte)0xFF, 200)],
    ];

    [Theory]
    [MemberData(nameof(GarbageInputs))]
    public void VerifyDer_GarbageKeyOrSignature_ReturnsFalseWithoutThrowing(byte[] garbage)
    {
        // Arrange
        var spki = Device.Value.Leaf.SubjectPublicKeyInfo;
        var signature = Device.Value.SignDer(Message);

        // Act
        var badKey = EcdsaP384.VerifyDer(garbage, Message, signature);
        var badSignature = EcdsaP384.VerifyDer(spki, Message, garbage);
        var badRaw = EcdsaP384.VerifyRaw(spki, Message, garbage);

        // Assert
        Assert.False(badKey);
        Assert.False(badSignature);
        Assert.False(badRaw);
    }

    [Fact]
    public void VerifyDer_P256Key_ReturnsFalse()
    {
        // Arrange: a P-256 key is refused even with an otherwise well-formed signature.
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = p256.ExportSubjectPublicKeyInfo();
        var signature = p256.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        // Act
        var accepted = EcdsaP384.VerifyDer(spki, Message, signature);

        // Assert
        Assert.False(accepted);
    }

    [Fact]
    public void VerifyDer_CompressedPointKey_ReturnsFalse()
    {
        // Arrange: RFC 5480 allows compressed points, but this verifier takes only uncompressed ones.
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var parameters = p384.ExportParameters(false);
        byte[] compressed = [(byte)(0x02 | (parameters.Q.Y![^1] & 1)), .. parameters.Q.X!];
        byte[] prefix = [0x30, 0x46, 0x30, 0x10, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22, 0x03, 0x32, 0x00];
        var spki = prefix.Concat(compressed).ToArray();
        var signature = p384.SignData(Message, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);

        // Act
        var accepted = EcdsaP384.VerifyDer(spki, Message, signature);

        // Assert
        Assert.True(EcdsaP384.VerifyDer(p384.ExportSubjectPublicKeyInfo(), Message, signature));
        Assert.False(accepted);
    }

    [Fact]
    public void VerifyRaw_ZeroSignature_ReturnsFalse()
    {
        // Arrange
        var spki = Device.Value.Leaf.SubjectPublicKeyInfo;

        // Act
        var accepted = EcdsaP384.VerifyRaw(spki, Message, new byte[96]);

        // Assert
        Assert.False(accepted);
    }
}
