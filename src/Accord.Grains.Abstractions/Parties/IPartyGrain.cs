using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Parties;

/// <summary>One party, keyed by party id.</summary>
[Alias("accord.party")]
public interface IPartyGrain : IGrainWithStringKey
{
    /// <summary>Registers the party; refused if the id is taken or the request is stale or replayed.</summary>
    [Alias("register")]
    Task<Outcome<PartyState>> Register(PartyRegistrationCommand command, CancellationToken cancellationToken = default);

    /// <summary>The party, or null when no party has this id.</summary>
    [Alias("get")]
    Task<PartyState?> Get();

    /// <summary>Checks a signed request's timestamp and nonce and records the nonce; null when fresh.</summary>
    [Alias("accept-request")]
    Task<Rejection?> AcceptRequest(DateTimeOffset issuedAt, string nonce, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a governance act's role change (already sequenced and logged by the governance grain); refused when the
    /// party is not registered or the change does not apply to its roles.
    /// </summary>
    [Alias("change-role")]
    Task<Outcome<PartyState>> ChangeRole(RoleChangeEntry change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts a new negotiation session of <paramref name="bytes"/> against the party's quota (<see cref="Core.Parties.SessionQuota"/>
    /// of <paramref name="maxSessions"/> and <paramref name="maxBytes"/>); the refusal when it is used up.
    /// </summary>
    [Alias("reserve-session")]
    Task<Rejection?> ReserveSession(long bytes, int maxSessions, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Adds a commitment to the party's index (idempotent).</summary>
    [Alias("add-commitment")]
    Task AddCommitment(string commitmentId, CancellationToken cancellationToken = default);

    /// <summary>Adds an agreement that names the party to its index (idempotent).</summary>
    [Alias("add-agreement")]
    Task AddAgreement(string agreementId, CancellationToken cancellationToken = default);
}
