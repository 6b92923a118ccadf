using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Commitments;

/// <summary>One commitment, keyed by commitment id.</summary>
[Alias("accord.commitment")]
public interface ICommitmentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the signed statement (validated and signature-checked by the caller), adds it to its
    /// party's index and, when it has an activation condition, attaches it to the agreement it names.
    /// </summary>
    [Alias("register")]
    Task<Outcome<CommitmentState>> Register(string partyId, StoredEnvelope statement, CancellationToken cancellationToken = default);

    /// <summary>The commitment with its status as of now, or null when unknown.</summary>
    [Alias("get")]
    Task<CommitmentState?> Get();

    /// <summary>Withdraws the commitment on behalf of <paramref name="actingPartyId"/>.</summary>
    [Alias("withdraw")]
    Task<Outcome<CommitmentState>> Withdraw(string actingPartyId, StoredEnvelope withdrawal, CancellationToken cancellationToken = default);

    /// <summary>Releases a pause whose end is an inspector's attestation.</summary>
    [Alias("attest")]
    Task<Outcome<CommitmentState>> Attest(string inspectorPartyId, string condition, StoredEnvelope attestation, CancellationToken cancellationToken = default);

    /// <summary>Marks an active commitment breached on a violation found by the compliance engine (idempotent).</summary>
    /// <param name="evidenceLogIndex">The log index of the newest report in the violation's evidence (-1: none).</param>
    [Alias("breach")]
    Task MarkBreached(string violationId, string publicReason, DateTimeOffset at, long evidenceLogIndex, CancellationToken cancellationToken = default);

    /// <summary>Told by the agreement its condition names whenever that agreement gains a signature.</summary>
    [Alias("on-agreement-signed")]
    Task OnAgreementSigned(ImmutableList<AgreementSignatureEntry> signatures, CancellationToken cancellationToken = default);
}
