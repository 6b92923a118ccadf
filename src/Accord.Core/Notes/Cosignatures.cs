// C2SP tlog-cosignature (c2sp.org/tlog-cosignature), the Ed25519 cosignature/v1 type (signature
// type 0x04): timestamped_signature = u64 big-endian POSIX timestamp || Ed25519 (RFC 8032)
// signature over "cosignature/v1\ntime <decimal timestamp>\n" || checkpoint note text.
using System.Buffers.Binary;
using System.Text;

namespace Accord.Core.Notes;

/// <summary>Witness cosignatures (cosignature/v1) on checkpoints.</summary>
public static class Cosignatures
{
    /// <summary>The header line of the signed message, without its newline.</summary>
    public const string Header = "cosignature/v1";

    /// <summary>Size of a cosignature/v1 signature after the key id: 8-byte timestamp and 64-byte Ed25519 signature.</summary>
    public const int SignatureSize = 8 + 64;

    // DateTimeOffset.MaxValue in Unix seconds (9999-12-31T23:59:59Z), below the spec's 2^63 - 1.
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>
    /// The exact bytes an Ed25519 cosigner signs: "cosignature/v1\n", "time " and the timestamp in
    /// ASCII decimal without leading zeroes and a newline, then the checkpoint note text
    /// (<see cref="Checkpoint.Body"/>, extension lines included, ending in its newline).
    /// </summary>
    /// <exception cref="NoteFormatException">The checkpoint is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp is negative.</exception>
    public static byte[] SignedMessage(Checkpoint checkpoint, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        return Encoding.UTF8.GetBytes($"{Header}\ntime {NoteSyntax.FormatDecimal(timestamp)}\n{checkpoint.Body()}");
    }

    /// <summary>
    /// Cosigns <paramref name="checkpoint"/> as of <paramref name="time"/>, truncated to whole
    /// seconds since the Unix epoch. The signature bytes are the timestamp (u64 big-endian)
    /// followed by the Ed25519 signature over <see cref="SignedMessage"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The signer is not a cosignature/v1 (type 0x04) signer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The time is before 1970-01-01T00:00:00Z.</exception>
    /// <exception cref="NoteFormatException">The checkpoint is not valid.</exception>
    public static NoteSignature Cosign(NoteSigner witness, Checkpoint checkpoint, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(witness);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (witness.Type != NoteKeyType.CosignatureV1)
        {
            throw new ArgumentException(
                $"Cosignatures need a cosignature/v1 (type 0x04) signer; '{witness.Name}' is type 0x{(byte)witness.Type:x2}.",
                nameof(witness));
        }

        var timestamp = time.ToUnixTimeSeconds();
        if (timestamp < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), "A cosignature timestamp cannot be before the Unix epoch.");
        }

        var signature = new byte[SignatureSize];
        BinaryPrimitives.WriteUInt64BigEndian(signature, (ulong)timestamp);
        witness.SignRaw(SignedMessage(checkpoint, timestamp)).CopyTo(signature, 8);
        return new NoteSignature(witness.Name, witness.KeyId, signature);
    }

    /// <summary>
    /// True when <paramref name="cosignature"/> is a valid cosignature/v1 by
    /// <paramref name="witness"/> (a type 0x04 key, same key name and key id) over
    /// <paramref name="checkpoint"/>; <paramref name="time"/> is then its timestamp. Returns false,
    /// never throws, for bad input: another type of key, a signature that is not 72 bytes, or a
    /// timestamp above 2^63 - 1 or past 9999-12-31 (not representable).
    /// </summary>
    public static bool Verify(NoteVerifier witness, Checkpoint checkpoint, NoteSignature cosignature, out DateTimeOffset time)
    {
        time = default;
        if (witness is null
            || checkpoint is null
            || cosignature?.Signature is null
            || witness.Type != NoteKeyType.CosignatureV1
            || cosignature.KeyId != witness.KeyId
            || !string.Equals(cosignature.KeyName, witness.Name, StringComparison.Ordinal)
            || cosignature.Signature.Length != SignatureSize)
        {
            return false;
        }

        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(cosignature.Signature);
        if (timestamp > (ulong)MaxUnixSeconds)
        {
            return false;
        }

        byte[] message;
        try
        {
            message = SignedMessage(checkpoint, (long)timestamp);
        }
        catch (NoteFormatException)
        {
            return false;
        }

        if (!witness.PublicKey.Verify(message, cosignature.Signature.AsSpan(8)))
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds((long)timestamp);
        return true;
    }
}
