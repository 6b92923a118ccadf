// DSSE v1 Pre-Authentication Encoding (github.com/secure-systems-lab/dsse, protocol.md):
// PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, where SP is 0x20 and
// LEN is the ASCII decimal byte length, no leading zeros. The type is encoded as UTF-8 (RFC 3629).
using System.Globalization;
using System.Text;

namespace Accord.Core.Envelopes;

/// <summary>DSSE v1 pre-authentication encoding: the exact bytes that are signed.</summary>
public static class Pae
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns "DSSEv1" SP len(type) SP type SP len(payload) SP payload.</summary>
    /// <exception cref="ArgumentException">The payload type is not valid UTF-16 (a lone surrogate).</exception>
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        byte[] type;
        try
        {
            type = StrictUtf8.GetBytes(payloadType);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The payload type cannot be encoded as UTF-8.", nameof(payloadType), e);
        }

        var header = Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));

        var result = new byte[header.Length + type.Length + middle.Length + payload.Length];
        var span = result.AsSpan();
        header.CopyTo(span);
        span = span[header.Length..];
        type.CopyTo(span);
        span = span[type.Length..];
        middle.CopyTo(span);
        span = span[middle.Length..];
        payload.CopyTo(span);
        return result;
    }
}
