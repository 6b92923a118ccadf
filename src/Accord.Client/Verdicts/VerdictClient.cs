using Accord.Client;
using Accord.Core.Keys;
using Accord.Bundles;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.Client.Verdicts;

/// <summary>
/// An inspector's verdict, end to end: the server prepares the compliance ledger's findings and their evidence,
/// the inspector signs the findings unchanged, the server logs the signed verdict, and the bundle is completed
/// and verified offline before it is handed back. Nothing here judges a commitment.
/// </summary>
public sealed class VerdictClient(CallInvoker channel, KeyFileContents inspector)
{
    private readonly ComplianceService.ComplianceServiceClient _compliance = new(channel);

    /// <summary>A signed, logged verdict with its bundle and the bundle's offline verification.</summary>
    public sealed record Issued(EvidenceBundle Bundle, Verdict Verdict, long VerdictLogIndex, BundleVerification Check);

    /// <summary>Prepares, signs, logs and bundles a verdict on <paramref name="commitmentIds"/> of <paramref name="partyId"/> (none: all that bind).</summary>
    public async Task<Issued> IssueAsync(string partyId, IReadOnlyCollection<string> commitmentIds, CancellationToken cancellationToken) =>
        await IssueAsync(await PrepareAsync(partyId, commitmentIds, cancellationToken), cancellationToken);

    /// <summary>
    /// The verdict the inspector would sign on <paramref name="commitmentIds"/> of <paramref name="partyId"/> (none: all that
    /// bind), with a fresh header, and its evidence: a signed read that logs nothing.
    /// </summary>
    public async Task<PrepareVerdictResponse> PrepareAsync(string partyId, IReadOnlyCollection<string> commitmentIds, CancellationToken cancellationToken)
    {
        var query = new VerdictQuery { Header = RequestSigning.Header(inspector.PartyId), PartyId = partyId };
        query.CommitmentIds.AddRange(commitmentIds);
        var prepared = await _compliance.PrepareVerdictAsync(new PrepareVerdictRequest { Envelope = RequestSigning.Sign(query, inspector.Key) }, cancellationToken: cancellationToken);
        prepared.Verdict.Header = RequestSigning.Header(inspector.PartyId);
        return prepared;
    }

    /// <summary>Signs the <paramref name="prepared"/> verdict unchanged, logs it and completes and verifies its bundle.</summary>
    public async Task<Issued> IssueAsync(PrepareVerdictResponse prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var verdict = prepared.Verdict;
        var signed = RequestSigning.Sign(verdict, inspector.Key);
        var issued = await _compliance.IssueVerdictAsync(new IssueVerdictRequest { Envelope = signed }, cancellationToken: cancellationToken);
        var bundle = prepared.Bundle;
        bundle.Verdict = signed;
        bundle.InspectorPublicKey = ByteString.CopyFrom(inspector.Key.PublicKey.ToBytes());
        return new Issued(bundle, verdict, issued.Receipt.Index, EvidenceBundles.Verify(EvidenceBundles.Serialize(bundle)));
    }
}
