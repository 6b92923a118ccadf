// Governance (docs/concepts.md, "Governance"): roles other than lab are granted, not claimed, by a body
// whose keys and threshold are fixed when Accord is deployed, in the spirit of a TUF root of trust. Its acts
// are signed envelopes, applied in sequence, each logged.
using Accord.Core.Common;
using Accord.Core.Envelopes;
using Accord.Core.Keys;

namespace Accord.Core.Parties;

/// <summary>What a governance act does.</summary>
public enum GovernanceActKind
{
    /// <summary>Gives a registered party a role.</summary>
    GrantRole,

    /// <summary>Takes a role from a party.</summary>
    RevokeRole,

    /// <summary>Lifts an inspector's revocation of a certificate.</summary>
    ReinstateCertificate,
}

/// <summary>The governance body: its keys, and how many of them must sign an act.</summary>
public sealed class GovernanceBody
{
    private GovernanceBody(IReadOnlyList<PartyPublicKey> keys, int threshold)
    {
        Keys = keys;
        Threshold = threshold;
    }

    /// <summary>The body's public keys, each once.</summary>
    public IReadOnlyList<PartyPublicKey> Keys { get; }

    /// <summary>How many distinct keys of <see cref="Keys"/> must sign an act (1 to the number of keys).</summary>
    public int Threshold { get; }

    /// <summary>A body of <paramref name="keys"/> with <paramref name="threshold"/>.</summary>
    /// <exception cref="ArgumentException">No keys, a key twice, or a threshold outside 1 to the number of keys.</exception>
    public static GovernanceBody Create(IReadOnlyList<PartyPublicKey> keys, int threshold)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("a governance body needs at least one key", nameof(keys));
        }

        if (keys.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            throw new ArgumentException("a governance key is named more than once", nameof(keys));
        }

        if (threshold < 1 || threshold > keys.Count)
        {
            throw new ArgumentException($"the governance threshold must be 1 to {keys.Count} (the number of keys), not {threshold}", nameof(threshold));
        }

        return new GovernanceBody([.. keys], threshold);
    }

    /// <summary>
    /// Whether <paramref name="envelope"/> carries valid signatures by at least <see cref="Threshold"/> of the body's
    /// keys: null when it does, else the refusal. Signatures by other keys are ignored; one that is malformed, or a
    /// governance key's signature that does not verify, is refused.
    /// </summary>
    public Refusal? CheckSignatures(SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var valid = 0;
        foreach (var key in Keys)
        {
            switch (EnvelopeVerifier.Verify(envelope, key))
            {
                case EnvelopeCheck.Valid:
                    valid++;
                    break;
                case EnvelopeCheck.NoSignatureForKey:
                    break;
                case EnvelopeCheck.Malformed:
                    return new Refusal(RefusalCode.InvalidArgument, "MALFORMED_ENVELOPE", "the envelope's signatures are malformed (a bad key id, or one key twice)", "envelope.signatures");
                default:
                    return new Refusal(RefusalCode.Unauthenticated, "BAD_SIGNATURE", $"the signature by governance key {key.KeyId} does not verify", "envelope.signatures");
            }
        }

        return valid >= Threshold
            ? null
            : new Refusal(
                RefusalCode.PermissionDenied,
                "GOVERNANCE_THRESHOLD_NOT_MET",
                $"the act carries {valid} valid governance signature(s); {Threshold} of the {Keys.Count} governance keys must sign",
                "envelope.signatures");
    }
}

/// <summary>The rules a governance act must meet, beyond its signatures.</summary>
public static class GovernanceRules
{
    /// <summary>The longest reason an act may give.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Whether act <paramref name="sequence"/> is the next after <paramref name="lastApplied"/>: null when it is.</summary>
    public static Refusal? CheckSequence(ulong sequence, ulong lastApplied) =>
        sequence == lastApplied + 1
            ? null
            : new Refusal(
                RefusalCode.FailedPrecondition,
                "GOVERNANCE_SEQUENCE",
                sequence <= lastApplied
                    ? $"act {sequence} was already applied or passed over: the last act applied is {lastApplied}, so the next is {lastApplied + 1}"
                    : $"act {sequence} is not next: the last act applied is {lastApplied}, so the next is {lastApplied + 1}",
                "sequence");

    /// <summary>
    /// The roles <paramref name="partyId"/> holds after <paramref name="kind"/> of <paramref name="role"/>, or the refusal:
    /// granting a role it holds (<c>ROLE_HELD</c>), removing one it does not (<c>ROLE_NOT_HELD</c>).
    /// </summary>
    public static Checked<IReadOnlyList<PartyRole>> ChangeRole(IReadOnlyList<PartyRole> roles, GovernanceActKind kind, PartyRole role, string partyId)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var field = kind == GovernanceActKind.GrantRole ? "grant_role.role" : "revoke_role.role";
        if (!Enum.IsDefined(role))
        {
            return Checked<IReadOnlyList<PartyRole>>.Refuse(new(RefusalCode.InvalidArgument, "INVALID_ARGUMENT", $"unknown role {role}", field));
        }

        var holds = roles.Contains(role);
        return kind switch
        {
            GovernanceActKind.GrantRole when holds => Checked<IReadOnlyList<PartyRole>>.Refuse(new(RefusalCode.AlreadyExists, "ROLE_HELD", $"party '{partyId}' already holds the {Name(role)} role", field)),
            GovernanceActKind.GrantRole => Checked<IReadOnlyList<PartyRole>>.Allow([.. roles, role]),
            GovernanceActKind.RevokeRole when !holds => Checked<IReadOnlyList<PartyRole>>.Refuse(new(RefusalCode.FailedPrecondition, "ROLE_NOT_HELD", $"party '{partyId}' does not hold the {Name(role)} role", field)),
            GovernanceActKind.RevokeRole => Checked<IReadOnlyList<PartyRole>>.Allow([.. roles.Where(r => r != role)]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a role change."),
        };
    }

    /// <summary>
    /// Whether a party may claim <paramref name="roles"/> when it registers: none, or <see cref="PartyRole.Lab"/>. Every
    /// other role is granted by governance. Null when it may.
    /// </summary>
    public static Refusal? CheckClaimedRoles(IReadOnlyList<PartyRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        for (var i = 0; i < roles.Count; i++)
        {
            if (roles[i] != PartyRole.Lab)
            {
                return new Refusal(
                    RefusalCode.PermissionDenied,
                    "ROLE_NOT_SELF_GRANTED",
                    $"the {Name(roles[i])} role is granted by the governance body (accord governance grant), not claimed: register with the lab role or none",
                    $"roles[{i}]");
            }
        }

        return null;
    }

    /// <summary>A role as people read it: "lab", "inspector", "negotiator".</summary>
    public static string Name(PartyRole role) => role.ToString().ToLowerInvariant();
}
