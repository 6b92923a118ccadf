// Client side of governance (docs/concepts.md, "Governance"): an act numbered after the last one applied,
// signed by as many of the body's keys as the caller holds, submitted with RegistryService.Govern.
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Accord.Client.Governance;

/// <summary>Builds, signs and submits governance acts.</summary>
public static class GovernanceActs
{
    // Another act applied between reading the last sequence and submitting: read it again and renumber.
    private const int Attempts = 8;

    /// <summary>An act granting <paramref name="role"/> to <paramref name="partyId"/>, numbered <paramref name="sequence"/>.</summary>
    public static GovernanceAct GrantRole(ulong sequence, string partyId, PartyRole role, string reason) =>
        Act(sequence, reason, a => a.GrantRole = new RoleChange { PartyId = partyId, Role = role });

    /// <summary>An act removing <paramref name="role"/> from <paramref name="partyId"/>, numbered <paramref name="sequence"/>.</summary>
    public static GovernanceAct RevokeRole(ulong sequence, string partyId, PartyRole role, string reason) =>
        Act(sequence, reason, a => a.RevokeRole = new RoleChange { PartyId = partyId, Role = role });

    /// <summary>An act lifting the revocation of certificate <paramref name="sha256"/>, numbered <paramref name="sequence"/>.</summary>
    public static GovernanceAct ReinstateCertificate(ulong sequence, string sha256, string reason) =>
        Act(sequence, reason, a => a.ReinstateCertificate = new CertificateReinstatement { CertificateSha256 = sha256 });

    /// <summary>The act serialized once and signed by every one of <paramref name="keys"/>.</summary>
    public static Envelope Sign(GovernanceAct act, IReadOnlyList<PartyKeyPair> keys)
    {
        ArgumentNullException.ThrowIfNull(act);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("sign with at least one governance key", nameof(keys));
        }

        var envelope = EnvelopeSigner.Sign(GovernanceAct.Descriptor.FullName, act.ToByteArray(), keys[0]);
        foreach (var key in keys.Skip(1))
        {
            envelope = EnvelopeSigner.AddSignature(envelope, key);
        }

        return RequestSigning.ToProto(envelope);
    }

    /// <summary>
    /// Numbers the act <paramref name="build"/> makes after the last one applied, signs it with <paramref name="keys"/>
    /// and submits it; when another act took that number first, reads the last one again and renumbers.
    /// </summary>
    public static async Task<GovernResponse> EnactAsync(
        RegistryService.RegistryServiceClient registry,
        Func<ulong, GovernanceAct> build,
        IReadOnlyList<PartyKeyPair> keys,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(build);
        for (var attempt = 1; ; attempt++)
        {
            var last = (await registry.GetGovernanceAsync(new GetGovernanceRequest(), cancellationToken: cancellationToken)).LastSequence;
            try
            {
                return await registry.GovernAsync(new GovernRequest { Envelope = Sign(build(last + 1), keys) }, cancellationToken: cancellationToken);
            }
            catch (RpcException e) when (attempt < Attempts && RpcErrorDetails.Reason(e) == "GOVERNANCE_SEQUENCE")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Grants <paramref name="role"/> to <paramref name="partyId"/> with the next act.</summary>
    public static Task<GovernResponse> GrantRoleAsync(
        RegistryService.RegistryServiceClient registry,
        string partyId,
        PartyRole role,
        string reason,
        IReadOnlyList<PartyKeyPair> keys,
        CancellationToken cancellationToken) =>
        EnactAsync(registry, sequence => GrantRole(sequence, partyId, role, reason), keys, cancellationToken);

    private static GovernanceAct Act(ulong sequence, string reason, Action<GovernanceAct> what)
    {
        var act = new GovernanceAct { Sequence = sequence, IssuedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Reason = reason };
        what(act);
        return act;
    }
}
