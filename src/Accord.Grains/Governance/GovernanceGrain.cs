using Accord.Core.Parties;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Abstractions.Governance;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Common;
using Accord.Grains.Log;

namespace Accord.Grains.Governance;

/// <summary>Applies the governance body's acts in sequence: each checked against what it changes, logged, then applied.</summary>
public sealed class GovernanceGrain(
    [PersistentState("governance", AccordStorage.Name)] IPersistentState<GovernanceState> state,
    IWireFormat wire) : Grain, IGovernanceGrain
{
    public async Task<Outcome<GovernanceApplied>> Enact(GovernanceActCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (GovernanceRules.CheckSequence(command.Sequence, state.State.LastSequence) is { } outOfTurn)
        {
            return outOfTurn;
        }

        // Refused before anything is logged: an act that cannot apply leaves no trace.
        if (await CheckApplies(command) is { } refusal)
        {
            return refusal;
        }

        var receipt = await GrainFactory.LogAsync(wire, command.Envelope, cancellationToken);
        PartyState? party = null;
        if (command.Kind == GovernanceActKind.ReinstateCertificate)
        {
            if ((await Trust.Reinstate(command.Subject, cancellationToken)).Rejection is { } rejection)
            {
                return rejection;
            }
        }
        else
        {
            var change = new RoleChangeEntry
            {
                Sequence = command.Sequence,
                Role = command.Role.ToString(),
                Granted = command.Kind == GovernanceActKind.GrantRole,
                Reason = command.Reason,
                LogIndex = receipt.Index,
            };
            var changed = await GrainFactory.GetGrain<IPartyGrain>(command.Subject).ChangeRole(change, cancellationToken);
            if (changed.Rejection is { } rejection)
            {
                return rejection;
            }

            party = changed.Value;
        }

        state.State = state.State with { LastSequence = command.Sequence, ActLogIndices = state.State.ActLogIndices.Add(receipt.Index) };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<GovernanceApplied>.Ok(new GovernanceApplied { Sequence = command.Sequence, Party = party }, receipt);
    }

    public Task<ulong> LastSequence() => Task.FromResult(state.State.LastSequence);

    private async Task<Rejection?> CheckApplies(GovernanceActCommand command)
    {
        if (command.Kind == GovernanceActKind.ReinstateCertificate)
        {
            var trust = await Trust.Get();
            return trust.Revocations.Any(r => r.Sha256 == command.Subject)
                ? null
                : Rejection.Of(RejectionCode.NotFound, "NOT_REVOKED", $"certificate {command.Subject} is not revoked", "reinstate_certificate.certificate_sha256");
        }

        var field = command.Kind == GovernanceActKind.GrantRole ? "grant_role.party_id" : "revoke_role.party_id";
        if (await GrainFactory.GetGrain<IPartyGrain>(command.Subject).Get() is not { } party)
        {
            return Rejection.Of(RejectionCode.NotFound, "UNKNOWN_PARTY", $"party '{command.Subject}' is not registered", field);
        }

        var changed = GovernanceRules.ChangeRole(party.ToActingParty().Roles!, command.Kind, command.Role, party.PartyId);
        return changed.Refusal is { } refusal ? Rejection.From(refusal) : null;
    }

    private ITrustStoreGrain Trust => GrainFactory.GetGrain<ITrustStoreGrain>(ITrustStoreGrain.Key);
}
