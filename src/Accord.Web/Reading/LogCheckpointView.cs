using Accord.Core.Notes;
using Accord.Protos.V1;

namespace Accord.Web.Reading;

/// <summary>Who signed a line of the checkpoint note: its key name, key id, and whether that is the log or one of its witnesses.</summary>
public sealed record CheckpointSigner(string KeyName, string KeyIdHex, string Role);

/// <summary>The log's latest checkpoint as the server hands it out, and the verifier key the server reports.</summary>
public sealed record LogCheckpointView(string Origin, long TreeSize, byte[] RootHash, string Note, IReadOnlyList<CheckpointSigner> Signers, string VerifierKey)
{
    /// <summary>Reads GetLogInfo and GetCheckpoint; the signature lines are named, not verified (the browser verifies).</summary>
    public static async Task<LogCheckpointView> ReadAsync(AccordServers servers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var info = await servers.Log.GetLogInfoAsync(new GetLogInfoRequest(), cancellationToken: cancellationToken);
        var checkpoint = await servers.Log.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);
        var witnesses = info.WitnessKeys.Select(NoteVerifier.Parse).ToList();
        var signers = SignedNote.Parse(checkpoint.Checkpoint).Signatures
            .Select(s => new CheckpointSigner(s.KeyName, s.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), RoleOf(s, info.Origin, witnesses)))
            .ToList();
        return new LogCheckpointView(info.Origin, checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Checkpoint, signers, info.VerifierKey);
    }

    private static string RoleOf(NoteSignature signature, string logName, IReadOnlyList<NoteVerifier> witnesses) =>
        signature.KeyName == logName ? "the log"
        : witnesses.Any(w => w.Name == signature.KeyName && w.KeyId == signature.KeyId) ? "witness cosignature"
        : "a key this log does not name";
}
