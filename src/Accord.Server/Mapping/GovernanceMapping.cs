using Accord.Core.Parties;
using Accord.Grains.Abstractions.Governance;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Grpc;
using PartyRole = Accord.Core.Parties.PartyRole;

namespace Accord.Server.Mapping;

/// <summary>A governance act's wire form, checked field by field, as the governance grain takes it.</summary>
public static class GovernanceMapping
{
    /// <summary>The act as a command; throws INVALID_ARGUMENT naming the field at fault.</summary>
    public static GovernanceActCommand ToCommand(GovernanceAct act, Grains.Abstractions.Common.StoredEnvelope stored)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (act.Sequence == 0)
        {
            throw RpcErrors.Invalid("sequence", "acts are numbered from 1");
        }

        RpcErrors.RequireText("reason", act.Reason, 1, GovernanceRules.MaxReasonLength);
        return act.ActCase switch
        {
            GovernanceAct.ActOneofCase.GrantRole => RoleCommand(act, stored, GovernanceActKind.GrantRole, act.GrantRole, "grant_role"),
            GovernanceAct.ActOneofCase.RevokeRole => RoleCommand(act, stored, GovernanceActKind.RevokeRole, act.RevokeRole, "revoke_role"),
            GovernanceAct.ActOneofCase.ReinstateCertificate => Command(act, stored, GovernanceActKind.ReinstateCertificate, Sha256(act.ReinstateCertificate.CertificateSha256), default),
            _ => throw RpcErrors.Invalid("act", "name what the act does: grant_role, revoke_role or reinstate_certificate"),
        };
    }

    private static GovernanceActCommand RoleCommand(GovernanceAct act, Grains.Abstractions.Common.StoredEnvelope stored, GovernanceActKind kind, RoleChange change, string field)
    {
        RpcErrors.RequireSlug(change.PartyId, $"{field}.party_id");
        var role = PartyMapping.ToDomain(change.Role) ?? throw RpcErrors.Invalid($"{field}.role", "name a role: PARTY_ROLE_LAB, PARTY_ROLE_INSPECTOR or PARTY_ROLE_NEGOTIATOR");
        return Command(act, stored, kind, change.PartyId, role);
    }

    private static string Sha256(string sha256) =>
        Core.Keys.KeyIds.IsWellFormed(sha256)
            ? sha256
            : throw RpcErrors.Invalid("reinstate_certificate.certificate_sha256", "must be the lowercase hex SHA-256 of the certificate's DER (64 characters)");

    private static GovernanceActCommand Command(GovernanceAct act, Grains.Abstractions.Common.StoredEnvelope stored, GovernanceActKind kind, string subject, PartyRole role) => new()
    {
        Sequence = act.Sequence,
        Kind = kind,
        Subject = subject,
        Role = role,
        Reason = act.Reason,
        Envelope = stored,
    };
}
