// ITU-T X.690 DER (distinguished encoding rules) as RFC 5280 section 4.1 requires of
// certificates and SEC1 / X9.62 of ECDSA-Sig-Value: parse with BouncyCastle, then re-encode as
// DER and require the very same bytes, which refuses BER (indefinite or long-form lengths,
// non-minimal integers, constructed strings), trailing data and anything else not canonical.
using Org.BouncyCastle.Asn1;

namespace Accord.Core.Attestation;

/// <summary>Strict DER decoding on top of BouncyCastle's (BER-tolerant) ASN.1 reader.</summary>
internal static class StrictDer
{
    /// <summary>Decodes <paramref name="der"/> if it is exactly one DER-encoded ASN.1 object; otherwise null.</summary>
    public static Asn1Object? TryParse(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
        {
            return null;
        }

        var bytes = der.ToArray();
        try
        {
            var parsed = Asn1Object.FromByteArray(bytes);
            if (parsed is null)
            {
                return null;
            }

            var canonical = parsed.GetEncoded(Asn1Encodable.Der);
            return canonical.AsSpan().SequenceEqual(der) ? parsed : null;
        }
        catch (Exception)
        {
            // BouncyCastle reports bad input with many exception types (Asn1Exception,
            // EndOfStreamException, InvalidCastException, ...): every one means "not DER".
            return null;
        }
    }
}
