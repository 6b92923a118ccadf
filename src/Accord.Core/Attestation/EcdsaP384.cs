// ECDSA over NIST P-384 (secp384r1) with SHA-384: SEC 1 v2.0 section 4.1.4 / ANSI X9.62
// verification, the key as an RFC 5480 SubjectPublicKeyInfo (id-ecPublicKey, namedCurve
// secp384r1, uncompressed point), the signature either as the X9.62 / RFC 3279 DER
// ECDSA-Sig-Value (strict DER, BER refused) or as the raw r||s form that DMTF DSP0274 SPDM 1.1
// uses (48 bytes each, big-endian). Signing is deterministic (RFC 6979). Arithmetic by
// BouncyCastle; the hash by .NET.
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Accord.Core.Attestation;

/// <summary>
/// ECDSA P-384 / SHA-384 verification (and, internally, signing). Every verifier returns
/// false, never throws, on any malformed input: a key that is not a valid P-384 point, a
/// signature that is not strict DER, r or s outside [1, n-1].
/// </summary>
public static class EcdsaP384
{
    /// <summary>The size of r and of s in the raw form: 48 bytes.</summary>
    public const int ScalarSize = 48;

    /// <summary>The size of a raw r||s signature: 96 bytes.</summary>
    public const int RawSignatureSize = 2 * ScalarSize;

    private static readonly X9ECParameters Curve = Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByOid(SecObjectIdentifiers.SecP384r1);

    /// <summary>
    /// Verifies a DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) over SHA-384 of
    /// <paramref name="message"/> under the key in <paramref name="subjectPublicKeyInfoDer"/>.
    /// BER encodings, trailing bytes and non-minimal integers are refused.
    /// </summary>
    public static bool VerifyDer(ReadOnlySpan<byte> subjectPublicKeyInfoDer, ReadOnlySpan<byte> message, ReadOnlySpan<byte> derSignature)
    {
        var key = TryParsePublicKey(subjectPublicKeyInfoDer);
        return key is not null && TryDecodeDerSignature(derSignature, out var r, out var s) && Verify(key, message, r, s);
    }

    /// <summary>
    /// Verifies a raw signature, r then s, each a 48-byte big-endian unsigned integer (the
    /// SPDM 1.1 form), over SHA-384 of <paramref name="message"/>.
    /// </summary>
    public static bool VerifyRaw(ReadOnlySpan<byte> subjectPublicKeyInfoDer, ReadOnlySpan<byte> message, ReadOnlySpan<byte> rawSignature96)
    {
        if (rawSignature96.Length != RawSignatureSize)
        {
            return false;
        }

        var key = TryParsePublicKey(subjectPublicKeyInfoDer);
        if (key is null)
        {
            return false;
        }

        var r = new BigInteger(1, rawSignature96[..ScalarSize].ToArray());
        var s = new BigInteger(1, rawSignature96[ScalarSize..].ToArray());
        return Verify(key, message, r, s);
    }

    /// <summary>
    /// Reads an RFC 5480 P-384 public key: strict DER, algorithm id-ecPublicKey with the
    /// namedCurve secp384r1, an uncompressed point (0x04 || x || y) on the curve. Null otherwise.
    /// </summary>
    internal static ECPublicKeyParameters? TryParsePublicKey(ReadOnlySpan<byte> subjectPublicKeyInfoDer)
    {
        if (StrictDer.TryParse(subjectPublicKeyInfoDer) is not Asn1Sequence sequence)
        {
            return null;
        }

        try
        {
            var info = SubjectPublicKeyInfo.GetInstance(sequence);
            return TryParsePublicKey(info);
        }
        catch (Exception)
        {
            // Any failure to read the key (BouncyCastle uses many exception types) is a refusal.
            return null;
        }
    }

    /// <summary>As <see cref="TryParsePublicKey(ReadOnlySpan{byte})"/>, from a parsed SubjectPublicKeyInfo.</summary>
    internal static ECPublicKeyParameters? TryParsePublicKey(SubjectPublicKeyInfo info)
    {
        try
        {
            if (!X9ObjectIdentifiers.IdECPublicKey.Equals(info.Algorithm.Algorithm) ||
                info.Algorithm.Parameters is not DerObjectIdentifier curve ||
                !SecObjectIdentifiers.SecP384r1.Equals(curve) ||
                info.PublicKey.PadBits != 0)
            {
                return null;
            }

            var point = info.PublicKey.GetOctets();
            if (point.Length != 1 + RawSignatureSize || point[0] != 0x04)
            {
                return null;
            }

            var q = Curve.Curve.DecodePoint(point);
            return new ECPublicKeyParameters("EC", q, SecObjectIdentifiers.SecP384r1);
        }
        catch (Exception)
        {
            // Any failure to read the key (BouncyCastle uses many exception types) is a refusal.
            return null;
        }
    }

    /// <summary>Decodes a strict-DER ECDSA-Sig-Value; r and s may still be out of range (Verify checks).</summary>
    internal static bool TryDecodeDerSignature(ReadOnlySpan<byte> derSignature, out BigInteger r, out BigInteger s)
    {
        r = BigInteger.Zero;
        s = BigInteger.Zero;
        if (StrictDer.TryParse(derSignature) is not Asn1Sequence { Count: 2 } sequence ||
            sequence[0] is not DerInteger rInteger || sequence[1] is not DerInteger sInteger)
        {
            return false;
        }

        r = rInteger.Value;
        s = sInteger.Value;
        return true;
    }

    /// <summary>ECDSA verification of (r, s) over SHA-384 of the message (r and s range-checked by BouncyCastle).</summary>
    internal static bool Verify(ECPublicKeyParameters key, ReadOnlySpan<byte> message, BigInteger r, BigInteger s)
    {
        var n = Curve.N;
        if (r.SignValue <= 0 || s.SignValue <= 0 || r.CompareTo(n) >= 0 || s.CompareTo(n) >= 0)
        {
            return false;
        }

        try
        {
            var signer = new ECDsaSigner();
            signer.Init(false, key);
            return signer.VerifySignature(SHA384.HashData(message), r, s);
        }
        catch (Exception)
        {
            // Never throws on bad input: a failure inside verification is a refusal.
            return false;
        }
    }

    /// <summary>Signs SHA-384 of the message deterministically (RFC 6979 with HMAC-SHA-384).</summary>
    internal static (BigInteger R, BigInteger S) Sign(ECPrivateKeyParameters key, ReadOnlySpan<byte> message)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha384Digest()));
        signer.Init(true, key);
        var rs = signer.GenerateSignature(SHA384.HashData(message));
        return (rs[0], rs[1]);
    }

    /// <summary>Encodes (r, s) as a DER ECDSA-Sig-Value.</summary>
    internal static byte[] EncodeDer(BigInteger r, BigInteger s) =>
        new DerSequence(new DerInteger(r), new DerInteger(s)).GetEncoded(Asn1Encodable.Der);

    /// <summary>Encodes (r, s) as raw r||s, 48 bytes each.</summary>
    internal static byte[] EncodeRaw(BigInteger r, BigInteger s)
    {
        var raw = new byte[RawSignatureSize];
        Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(r, raw, 0, ScalarSize);
        Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(s, raw, ScalarSize, ScalarSize);
        return raw;
    }
}
