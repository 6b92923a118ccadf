// RFC 7468 textual encodings (PEM): "-----BEGIN <label>-----", base64, "-----END <label>-----",
// read and written with BouncyCastle's PEM reader and writer.
using Org.BouncyCastle.Utilities.IO.Pem;

namespace Accord.Core.Attestation;

/// <summary>Reads and writes PEM blocks.</summary>
internal static class PemBlocks
{
    /// <summary>The blocks in order, text between blocks ignored.</summary>
    /// <exception cref="AttestationException">MALFORMED: a block that does not decode.</exception>
    public static IReadOnlyList<(string Type, byte[] Content)> Read(string pem)
    {
        var blocks = new List<(string, byte[])>();
        try
        {
            using var reader = new PemReader(new StringReader(pem));
            while (reader.ReadPemObject() is { } block)
            {
                blocks.Add((block.Type, block.Content));
            }
        }
        catch (Exception e)
        {
            throw new AttestationException(AttestationReasons.Malformed, $"PEM block {blocks.Count + 1} does not decode ({e.Message}).");
        }

        return blocks;
    }

    /// <summary>Writes one block.</summary>
    public static void Write(TextWriter writer, string type, byte[] content)
    {
        var pemWriter = new PemWriter(writer);
        pemWriter.WriteObject(new PemObject(type, content));
    }
}
