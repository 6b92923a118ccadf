using System.Security.Cryptography;

namespace Accord.Agent.Tests.Infrastructure;

/// <summary>A device identity key in memory: ECDSA P-384, SHA-384, DER signatures (as the real DeviceIdentity will sign).</summary>
public sealed class TestDeviceIdentity(string deviceId) : IDeviceIdentity, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public string DeviceId { get; } = deviceId;

    /// <summary>The public key as SubjectPublicKeyInfo DER, as a certificate would carry it.</summary>
    public byte[] PublicKeyInfo => _key.ExportSubjectPublicKeyInfo();

    public int Signatures { get; private set; }

    public byte[] SignDer(ReadOnlySpan<byte> message)
    {
        Signatures++;
        return _key.SignData(message, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Verifies a DER ECDSA P-384/SHA-384 signature with a SubjectPublicKeyInfo.</summary>
    public static bool Verify(byte[] publicKeyInfo, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signatureDer)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(publicKeyInfo, out _);
        return key.VerifyData(message, signatureDer, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);
    }

    public void Dispose() => _key.Dispose();
}
