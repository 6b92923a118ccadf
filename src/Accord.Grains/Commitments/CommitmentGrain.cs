using Accord.Core.Commitments;
using Accord.Core.Parties;
using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Common;
using Accord.Grains.Log;

namespace Accord.Grains.Commitments;

/// <summary>A commitment: its signed statement and its life from pending to active to a close.</summary>
public sealed class CommitmentGrain(
    [PersistentState("commitment", AccordStorage.Name)] IPersistentState<CommitmentState> state,
    IWireFormat wire,
    TimeProvider time) : Grain, ICommitmentGrain
{
    private CommitmentDraft? _draft;

    private CommitmentDraft Draft => _draft ??= wire.ReadCommitment(state.State.Statement!);

    /// <summary>
    /// A pending conditional commitment catches up with its agreement on activation, so a signature
    /// whose notification was lost (a crash between the two writes) still activates it.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { IsRegistered: true, Status: StoredCommitmentStatus.Pending } && Draft.Condition is { } condition
            && await GrainFactory.GetGrain<IAgreementGrain>(condition.AgreementId).Get() is { } agreement)
        {
            await Evaluate(agreement.Signatures, cancellationToken);
        }
    }

    public async Task<Outcome<CommitmentState>> Register(string partyId, StoredEnvelope statement, CancellationToken cancellationToken = default)
    {
        var id = this.GetPrimaryKeyString();
        if (state.State.IsRegistered)
        {
            return Rejection.Of(RejectionCode.AlreadyExists, "COMMITMENT_EXISTS", $"commitment {id} is already registered");
        }

        var receipt = await GrainFactory.LogAsync(wire, statement, cancellationToken);
        var now = time.GetUtcNow();
        state.State = new CommitmentState
        {
            CommitmentId = id,
            PartyId = partyId,
            Statement = statement,
            RegisteredAt = now,
            StatementLogIndex = receipt.Index,
        };
        _draft = null;
        state.State = Draft.Condition is { } condition
            ? state.State.Enter(StoredCommitmentStatus.Pending, $"binds {CommitmentText.Describe(condition)}", now, receipt.Index)
            : Activate(state.State, now, "no activation condition: binding from registration", receipt.Index);
        await state.WriteStateAsync(cancellationToken);

        await GrainFactory.GetGrain<IPartyGrain>(partyId).AddCommitment(id, cancellationToken);
        await Compliance.Changed();
        if (Draft.Condition is { } named)
        {
            var agreement = await GrainFactory.GetGrain<IAgreementGrain>(named.AgreementId).AttachCommitment(id, cancellationToken);
            if (agreement.Rejection is { } rejection)
            {
                return rejection;
            }

            await Evaluate(agreement.Value!.Signatures, cancellationToken);
        }

        return Outcome<CommitmentState>.Ok(AsOfNow(), receipt);
    }

    public Task<CommitmentState?> Get() => Task.FromResult(state.State.IsRegistered ? AsOfNow() : null);

    public async Task<Outcome<CommitmentState>> Withdraw(string actingPartyId, StoredEnvelope withdrawal, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsRegistered)
        {
            return NotFound();
        }

        if (Permissions.Check(PartyAction.WithdrawCommitment, ActingParty.ById(actingPartyId), PermissionSubject.Of(state.State.CommitmentId, state.State.PartyId)) is { } notOwner)
        {
            return notOwner;
        }

        var current = AsOfNow();
        if (!CommitmentLifecycle.CanWithdraw(current.Status.ToCore()))
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "NOT_WITHDRAWABLE",
                $"commitment {current.CommitmentId} is {current.Status.ToString().ToLowerInvariant()} and can no longer be withdrawn", "commitment_id");
        }

        var receipt = await GrainFactory.LogAsync(wire, withdrawal, cancellationToken);
        var now = time.GetUtcNow();
        state.State = current.Enter(StoredCommitmentStatus.Withdrawn, "withdrawn by its party with a signed withdrawal", now, receipt.Index) with
        {
            ClosedAt = now,
            Withdrawal = withdrawal,
            WithdrawalLogIndex = receipt.Index,
        };
        await state.WriteStateAsync(cancellationToken);
        await Compliance.Changed();
        return Outcome<CommitmentState>.Ok(state.State, receipt);
    }

    public async Task<Outcome<CommitmentState>> Attest(string inspectorPartyId, string condition, StoredEnvelope attestation, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsRegistered)
        {
            return NotFound();
        }

        var current = AsOfNow();
        if (!CommitmentLifecycle.CanAttest(Draft.Terms, current.Status.ToCore(), inspectorPartyId, condition, out var reason))
        {
            var named = Draft.Terms is PauseWindow { End: PauseUntilAttested until } ? until.InspectorPartyId : null;
            return named is not null && named != inspectorPartyId
                ? Rejection.Of(RejectionCode.PermissionDenied, "NOT_NAMED_INSPECTOR", reason, "header.party_id")
                : Rejection.Of(RejectionCode.FailedPrecondition, "NOT_ATTESTABLE", reason, "condition");
        }

        var receipt = await GrainFactory.LogAsync(wire, attestation, cancellationToken);
        var now = time.GetUtcNow();
        state.State = current.Enter(StoredCommitmentStatus.Fulfilled, $"released: inspector '{inspectorPartyId}' attested that {condition}", now, receipt.Index) with
        {
            ClosedAt = now,
            Attestation = attestation,
            AttestationLogIndex = receipt.Index,
        };
        await state.WriteStateAsync(cancellationToken);
        await Compliance.Changed();
        return Outcome<CommitmentState>.Ok(state.State, receipt);
    }

    public async Task MarkBreached(string violationId, string publicReason, DateTimeOffset at, long evidenceLogIndex, CancellationToken cancellationToken = default)
    {
        var current = AsOfNow();
        if (!current.IsRegistered || current.Status != StoredCommitmentStatus.Active)
        {
            return;
        }

        state.State = current.Enter(StoredCommitmentStatus.Breached, publicReason, at, evidenceLogIndex) with { ClosedAt = at };
        await state.WriteStateAsync(cancellationToken);
    }

    public Task OnAgreementSigned(ImmutableList<AgreementSignatureEntry> signatures, CancellationToken cancellationToken = default) =>
        state.State.IsRegistered ? Evaluate(signatures, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Records the signers and activates a pending commitment whose condition they meet, as of the
    /// signature that met it (never before the commitment was registered).
    /// </summary>
    private async Task Evaluate(ImmutableList<AgreementSignatureEntry> signatures, CancellationToken cancellationToken)
    {
        if (Draft.Condition is not { } condition)
        {
            return;
        }

        var signers = signatures.Select(s => s.PartyId).ToImmutableList();
        if (signers.SequenceEqual(state.State.AgreementSigners))
        {
            return;
        }

        var next = state.State with { AgreementSigners = signers };
        if (next.Status == StoredCommitmentStatus.Pending && ActivationConditions.IsMet(condition, signers))
        {
            var metBy = signatures.First(s => ActivationConditions.IsMet(condition, [.. signatures.TakeWhile(x => x != s).Select(x => x.PartyId), s.PartyId]));
            var at = metBy.SignedAt > next.RegisteredAt ? metBy.SignedAt : next.RegisteredAt;
            next = Activate(next, at, $"activated: {string.Join(", ", signers)} signed {condition.AgreementId}", metBy.LogIndex);
        }

        state.State = next;
        await state.WriteStateAsync(cancellationToken);
        await Compliance.Changed();
    }

    private IComplianceGrain Compliance => GrainFactory.GetGrain<IComplianceGrain>(state.State.PartyId);

    private CommitmentState Activate(CommitmentState current, DateTimeOffset at, string reason, long logIndex) =>
        current.Enter(StoredCommitmentStatus.Active, reason, at, logIndex) with
        {
            ActivatedAt = at,
            EndsAt = CommitmentSchedule.EndsAt(Draft.Terms, at),
        };

    /// <summary>The state with its status as of now: an active commitment past its fixed end is fulfilled.</summary>
    private CommitmentState AsOfNow()
    {
        var current = state.State;
        var effective = CommitmentLifecycle.Effective(current.Status.ToCore(), current.EndsAt, time.GetUtcNow());
        return effective.ToStored() == current.Status
            ? current
            : current.Enter(effective.ToStored(), "its term ended", current.EndsAt!.Value, -1) with { ClosedAt = current.EndsAt };
    }

    private Rejection NotFound() =>
        Rejection.Of(RejectionCode.NotFound, "UNKNOWN_COMMITMENT", $"no commitment {this.GetPrimaryKeyString()}", "commitment_id");
}
