using Accord.Core.Parties;
using Accord.Core.Registry;

namespace Accord.Protos.Mapping;

/// <summary>Maps parties between <c>accord.v1</c> messages and <c>Accord.Core.Parties</c>; proto to domain never throws.</summary>
public static class PartyMapping
{
    /// <summary>
    /// The draft a signed <see cref="V1.PartyRegistration"/> states (party id from <c>header.party_id</c>),
    /// mapped and then checked by <see cref="PartyValidator"/>. The public key is not part of the draft.
    /// </summary>
    public static Mapped<PartyDraft> ToDraft(V1.PartyRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var v = new List<FieldViolation>();
        var roles = new List<PartyRole>(registration.Roles.Count);
        for (var i = 0; i < registration.Roles.Count; i++)
        {
            var role = ToDomain(registration.Roles[i]);
            if (role is { } r)
            {
                roles.Add(r);
            }
            else
            {
                ProtoValues.Unknown<PartyRole, V1.PartyRole>(registration.Roles[i], $"roles[{i}]", v);
            }
        }

        var roleMappingFailed = v.Count > 0;
        var draft = new PartyDraft(registration.Header?.PartyId ?? string.Empty, registration.DisplayName, roles);
        var validation = PartyValidator.Validate(draft);

        // Role indexes in the validator's violations refer to the filtered list; once a role failed to map, the roles are already reported.
        v.AddRange(roleMappingFailed ? validation.Where(x => !x.Field.StartsWith("roles", StringComparison.Ordinal)) : validation);
        return Mapped.From(v.Count == 0 ? draft : null, v);
    }

    /// <summary>The domain role; null when unspecified or unknown.</summary>
    public static PartyRole? ToDomain(V1.PartyRole role) => role switch
    {
        V1.PartyRole.Lab => PartyRole.Lab,
        V1.PartyRole.Inspector => PartyRole.Inspector,
        V1.PartyRole.Negotiator => PartyRole.Negotiator,
        _ => null,
    };

    /// <summary>The proto form of <paramref name="role"/>.</summary>
    public static V1.PartyRole ToProto(PartyRole role) => role switch
    {
        PartyRole.Lab => V1.PartyRole.Lab,
        PartyRole.Inspector => V1.PartyRole.Inspector,
        PartyRole.Negotiator => V1.PartyRole.Negotiator,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown party role"),
    };
}
