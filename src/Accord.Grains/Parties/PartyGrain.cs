using Accord.Core.Parties;
using Accord.Core.Requests;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Common;
using Accord.Grains.Log;
using Microsoft.Extensions.Options;

namespace Accord.Grains.Parties;

/// <summary>A party: registration, keys, its commitments index, and the nonces it used recently.</summary>
public sealed class PartyGrain(
    [PersistentState("party", AccordStorage.Name)] IPersistentState<PartyState> state,
    IOptions<RequestFreshnessOptions> options,
    IWireFormat wire,
    TimeProvider time) : Grain, IPartyGrain
{
    private FreshnessPolicy Policy => new(options.Value.MaxClockSkew);

    public async Task<Outcome<PartyState>> Register(PartyRegistrationCommand command, CancellationToken cancellationToken = default)
    {
        var partyId = this.GetPrimaryKeyString();
        if (state.State.IsRegistered)
        {
            await Directory.Add(partyId, cancellationToken);
            return Rejection.Of(RejectionCode.AlreadyExists, "PARTY_EXISTS", $"party '{partyId}' is already registered", "header.party_id");
        }

        var now = time.GetUtcNow();
        var verdict = RequestFreshness.Check(Policy, command.IssuedAt, command.Nonce, now, ImmutableDictionary<string, DateTimeOffset>.Empty);
        if (Freshness.RejectionFor(verdict, command.IssuedAt, now, Policy.MaxSkew) is { } stale)
        {
            return stale;
        }

        var receipt = await GrainFactory.LogAsync(wire, command.Registration, cancellationToken);
        state.State = new PartyState
        {
            PartyId = partyId,
            DisplayName = command.DisplayName,
            Roles = command.Roles,
            PublicKeys = [command.PublicKey],
            RegisteredAt = now,
            Registration = command.Registration,
            RecentNonces = ImmutableDictionary<string, DateTimeOffset>.Empty.Add(command.Nonce, command.IssuedAt),
            RegistrationLogIndex = receipt.Index,
        };
        await state.WriteStateAsync(cancellationToken);
        await Directory.Add(partyId, cancellationToken);
        return Outcome<PartyState>.Ok(state.State, receipt);
    }

    public Task<PartyState?> Get() => Task.FromResult(state.State.IsRegistered ? state.State : null);

    public async Task<Rejection?> AcceptRequest(DateTimeOffset issuedAt, string nonce, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsRegistered)
        {
            return Rejection.Of(RejectionCode.Unauthenticated, "UNKNOWN_PARTY", $"party '{this.GetPrimaryKeyString()}' is not registered", "header.party_id");
        }

        var now = time.GetUtcNow();
        var verdict = RequestFreshness.Check(Policy, issuedAt, nonce, now, state.State.RecentNonces);
        if (Freshness.RejectionFor(verdict, issuedAt, now, Policy.MaxSkew) is { } rejection)
        {
            return rejection;
        }

        var kept = RequestFreshness.Prune(Policy, state.State.RecentNonces, now);
        kept[nonce] = issuedAt;
        state.State = state.State with { RecentNonces = kept.ToImmutableDictionary() };
        await state.WriteStateAsync(cancellationToken);
        return null;
    }

    public async Task<Outcome<PartyState>> ChangeRole(RoleChangeEntry change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var partyId = this.GetPrimaryKeyString();
        if (!state.State.IsRegistered)
        {
            return Rejection.Of(RejectionCode.NotFound, "UNKNOWN_PARTY", $"party '{partyId}' is not registered", "party_id");
        }

        var role = Enum.Parse<PartyRole>(change.Role);
        var kind = change.Granted ? GovernanceActKind.GrantRole : GovernanceActKind.RevokeRole;
        var changed = GovernanceRules.ChangeRole(state.State.ToActingParty().Roles!, kind, role, partyId);
        if (changed.Refusal is { } refusal)
        {
            return refusal;
        }

        state.State = state.State with
        {
            Roles = [.. changed.Value!.Select(r => r.ToString())],
            RoleChanges = state.State.RoleChanges.Add(change),
        };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<PartyState>.Ok(state.State);
    }

    public async Task<Rejection?> ReserveSession(long bytes, int maxSessions, long maxBytes, CancellationToken cancellationToken = default)
    {
        var quota = new SessionQuota(maxSessions, maxBytes);
        if (!state.State.IsRegistered)
        {
            return Rejection.Of(RejectionCode.Unauthenticated, "UNKNOWN_PARTY", $"party '{this.GetPrimaryKeyString()}' is not registered", "header.party_id");
        }

        if (quota.Check(state.State.PartyId, state.State.SessionCount, state.State.SessionBytes, bytes) is { } refusal)
        {
            return Rejection.From(refusal);
        }

        state.State = state.State with { SessionCount = state.State.SessionCount + 1, SessionBytes = state.State.SessionBytes + bytes };
        await state.WriteStateAsync(cancellationToken);
        return null;
    }

    public async Task AddCommitment(string commitmentId, CancellationToken cancellationToken = default)
    {
        if (state.State.CommitmentIds.Contains(commitmentId))
        {
            return;
        }

        state.State = state.State with { CommitmentIds = state.State.CommitmentIds.Add(commitmentId) };
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task AddAgreement(string agreementId, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsRegistered || state.State.AgreementIds.Contains(agreementId))
        {
            return;
        }

        state.State = state.State with { AgreementIds = state.State.AgreementIds.Add(agreementId) };
        await state.WriteStateAsync(cancellationToken);
    }

    private IPartyDirectoryGrain Directory => GrainFactory.GetGrain<IPartyDirectoryGrain>(IPartyDirectoryGrain.Key);
}
