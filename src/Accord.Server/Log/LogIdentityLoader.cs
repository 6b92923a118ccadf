using Accord.Core.Keys;
using Accord.Core.Notes;
using Accord.Transparency;

namespace Accord.Server.Log;

/// <summary>Loads the log's Ed25519 key from the data directory (creating it on first start) and the trusted witness keys.</summary>
public static class LogIdentityLoader
{
    /// <summary>The key file's name inside the data directory (format: docs/formats.md, "Key file").</summary>
    public const string KeyFileName = "log.key";

    /// <summary>The party id written into the log's key file.</summary>
    public const string KeyOwner = "transparency-log";

    public static LogIdentity Load(string dataDirectory, TransparencyLogOptions options)
    {
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            using var fresh = PartyKeyPair.Generate();
            KeyFile.Write(path, KeyOwner, fresh);
        }

        var key = KeyFile.Read(path).Key;
        var witnesses = new List<NoteVerifier>();
        foreach (var witness in options.Witnesses)
        {
            var verifier = NoteVerifier.Parse(witness);
            if (verifier.Type != NoteKeyType.CosignatureV1)
            {
                throw new InvalidOperationException($"witness key '{witness}' is not a cosignature/v1 (type 0x04) key");
            }

            witnesses.Add(verifier);
        }

        return new LogIdentity(new NoteSigner(options.Origin, key), witnesses);
    }
}
