using Accord.Core.Commitments;
using Accord.Grains.Abstractions.Commitments;

namespace Accord.Grains.Commitments;

/// <summary>A commitment: its signed statement and its life from pending to active to a close.</summary>
public sealed class CommitmentGrain(
    [PersistentState("commitment", AccordStorage.Name)] IPersistentState<CommitmentState> state,
    TimeProvider time) : Grain, ICommitmentGrain
{
    private CommitmentDraft? _draft;

    private CommitmentDraft Draft => _draft ??= CommitmentTermsReader.Read(state.State.Statement!);

    public async Task<Outcome<CommitmentState>> Register(string partyId, StoredEnvelope statement, CancellationToken cancellationToken = default)
    {
        var id = this.GetPrimaryKeyString();
        if (state.State.IsRegistered)
        {
            return Rejection.Of(RejectionCode.AlreadyExists, "COMMITMENT_EXISTS", $"commitment {id} is already registered");
        }

        var now = time.GetUtcNow();
        state.State = new CommitmentState
        {
            CommitmentId = id,
            PartyId = partyId,
            Statement = statement,
            RegisteredAt = now,
            Status = StoredCommitmentStatus.Pending,
        };
        _draft = null;
        state.State = Draft.Condition is { } condition
            ? state.State with { StatusReason = $"binds {CommitmentText.Describe(condition)}" }
            : Activate(state.State, now, "no activation condition: binding from registration");
        await state.WriteStateAsync(cancellationToken);
        return Outcome<CommitmentState>.Ok(AsOfNow());
    }

    public Task<CommitmentState?> Get() => Task.FromResult(state.State.IsRegistered ? AsOfNow() : null);

    public async Task<Outcome<CommitmentState>> Withdraw(string actingPartyId, StoredEnvelope withdrawal, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsRegistered)
        {
            return NotFound();
        }

        if (actingPartyId != state.State.PartyId)
        {
            return Rejection.Of(RejectionCode.PermissionDenied, "NOT_OWNER",
                $"party '{actingPartyId}' cannot withdraw a commitment of party '{state.State.PartyId}'", "commitment_id");
        }

        var current = AsOfNow();
        if (!CommitmentLifecycle.CanWithdraw(current.Status.ToCore()))
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "NOT_WITHDRAWABLE",
                $"commitment {current.CommitmentId} is {current.Status.ToString().ToLowerInvariant()} and can no longer be withdrawn", "commitment_id");
        }

        var now = time.GetUtcNow();
        state.State = current with
        {
            Status = StoredCommitmentStatus.Withdrawn,
            StatusReason = "withdrawn by its party with a signed withdrawal",
            ClosedAt = now,
            Withdrawal = withdrawal,
        };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<CommitmentState>.Ok(state.State);
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

        var now = time.GetUtcNow();
        state.State = current with
        {
            Status = StoredCommitmentStatus.Fulfilled,
            StatusReason = $"released: inspector '{inspectorPartyId}' attested that {condition}",
            ClosedAt = now,
            Attestation = attestation,
        };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<CommitmentState>.Ok(state.State);
    }

    public async Task OnAgreementSigned(ImmutableList<string> signers, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsRegistered || Draft.Condition is not { } condition)
        {
            return;
        }

        var next = state.State with { AgreementSigners = signers };
        if (next.Status == StoredCommitmentStatus.Pending && ActivationConditions.IsMet(condition, signers))
        {
            next = Activate(next, time.GetUtcNow(), $"activated: {string.Join(", ", signers)} signed {condition.AgreementId}");
        }

        state.State = next;
        await state.WriteStateAsync(cancellationToken);
    }

    private CommitmentState Activate(CommitmentState current, DateTimeOffset now, string reason) => current with
    {
        Status = StoredCommitmentStatus.Active,
        StatusReason = reason,
        ActivatedAt = now,
        EndsAt = CommitmentSchedule.EndsAt(Draft.Terms, now),
    };

    /// <summary>The state with its status as of now: an active commitment past its fixed end is fulfilled.</summary>
    private CommitmentState AsOfNow()
    {
        var current = state.State;
        var effective = CommitmentLifecycle.Effective(current.Status.ToCore(), current.EndsAt, time.GetUtcNow());
        return effective.ToStored() == current.Status
            ? current
            : current with { Status = effective.ToStored(), StatusReason = "its term ended", ClosedAt = current.EndsAt };
    }

    private Rejection NotFound() =>
        Rejection.Of(RejectionCode.NotFound, "UNKNOWN_COMMITMENT", $"no commitment {this.GetPrimaryKeyString()}", "commitment_id");
}
