using System.Security.Cryptography;
using Accord.Core.Agreements;
using Accord.Core.Parties;
using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Common;
using Accord.Grains.Log;

namespace Accord.Grains.Agreements;

/// <summary>An agreement: collects signatures from its named parties and activates the commitments that wait on it.</summary>
public sealed class AgreementGrain(
    [PersistentState("agreement", AccordStorage.Name)] IPersistentState<AgreementState> state,
    IWireFormat wire,
    TimeProvider time) : Grain, IAgreementGrain
{
    public async Task<Outcome<AgreementState>> Propose(AgreementProposalCommand command, CancellationToken cancellationToken = default)
    {
        var id = this.GetPrimaryKeyString();
        if (state.State.IsProposed)
        {
            await IndexInParties(cancellationToken);
            return Rejection.Of(RejectionCode.AlreadyExists, "AGREEMENT_EXISTS", $"agreement '{id}' already exists", "agreement_id");
        }

        var receipt = await GrainFactory.LogAsync(wire, command.Proposal, cancellationToken);
        state.State = new AgreementState
        {
            AgreementId = id,
            ProposedBy = command.ProposedBy,
            Proposal = command.Proposal,
            PartyIds = command.PartyIds,
            Threshold = command.Threshold,
            TermsDigest = SHA256.HashData(command.Proposal.Payload),
            ProposedAt = time.GetUtcNow(),
            ProposalLogIndex = receipt.Index,
        };
        await state.WriteStateAsync(cancellationToken);
        await IndexInParties(cancellationToken);
        return Outcome<AgreementState>.Ok(state.State, receipt);
    }

    /// <summary>Lists the agreement under each party it names (idempotent, so a retried proposal repairs a crash between the writes).</summary>
    private async Task IndexInParties(CancellationToken cancellationToken)
    {
        foreach (var partyId in state.State.PartyIds)
        {
            await GrainFactory.GetGrain<IPartyGrain>(partyId).AddAgreement(state.State.AgreementId, cancellationToken);
        }
    }

    public async Task<Outcome<AgreementState>> Sign(string partyId, byte[] termsDigest, StoredEnvelope signature, CancellationToken cancellationToken = default)
    {
        var current = state.State;
        if (!current.IsProposed)
        {
            return NotFound();
        }

        if (Permissions.Check(PartyAction.SignAgreement, ActingParty.ById(partyId), new PermissionSubject(current.AgreementId, current.PartyIds)) is { } notAParty)
        {
            return notAParty;
        }

        if (current.Signatures.Any(s => s.PartyId == partyId))
        {
            return Rejection.Of(RejectionCode.AlreadyExists, "ALREADY_SIGNED",
                $"party '{partyId}' has already signed agreement '{current.AgreementId}'", "header.party_id");
        }

        if (!CryptographicOperations.FixedTimeEquals(termsDigest, current.TermsDigest))
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "TERMS_MISMATCH",
                $"terms_digest does not match the SHA-256 of agreement '{current.AgreementId}' as proposed", "terms_digest");
        }

        var receipt = await GrainFactory.LogAsync(wire, signature, cancellationToken);
        var now = time.GetUtcNow();
        var next = current with
        {
            Signatures = current.Signatures.Add(new AgreementSignatureEntry { PartyId = partyId, SignedAt = now, Envelope = signature, LogIndex = receipt.Index }),
        };
        if (next.ActivatedAt is null && AgreementRules.IsActive(new ThresholdParties(next.Threshold), next.Signatures.Count, next.PartyIds.Count))
        {
            next = next with { ActivatedAt = now };
        }

        state.State = next;
        await state.WriteStateAsync(cancellationToken);
        foreach (var commitmentId in next.CommitmentIds)
        {
            await GrainFactory.GetGrain<ICommitmentGrain>(commitmentId).OnAgreementSigned(next.Signatures, cancellationToken);
        }

        return Outcome<AgreementState>.Ok(next, receipt);
    }

    public async Task<Outcome<AgreementState>> AttachCommitment(string commitmentId, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsProposed)
        {
            return NotFound();
        }

        if (!state.State.CommitmentIds.Contains(commitmentId))
        {
            state.State = state.State with { CommitmentIds = state.State.CommitmentIds.Add(commitmentId) };
            await state.WriteStateAsync(cancellationToken);
        }

        return Outcome<AgreementState>.Ok(state.State);
    }

    public Task<AgreementState?> Get() => Task.FromResult(state.State.IsProposed ? state.State : null);

    private Rejection NotFound() =>
        Rejection.Of(RejectionCode.NotFound, "UNKNOWN_AGREEMENT", $"no agreement '{this.GetPrimaryKeyString()}'", "agreement_id");
}
