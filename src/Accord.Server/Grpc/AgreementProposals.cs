using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Abstractions.Parties;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Security;

namespace Accord.Server.Grpc;

/// <summary>
/// The registry's one path for a signed agreement proposal, shared by RegistryService.ProposeAgreement
/// and NegotiationService.ProposeSessionAgreement: the agreement rules, every named party registered,
/// the proposer's signature and freshness, then the agreement grain.
/// </summary>
public sealed class AgreementProposals(IGrainFactory grains, SignedRequestReader requests)
{
    /// <summary>Validates, authenticates and records the proposal; throws an RpcException on refusal.</summary>
    public async Task<Outcome<AgreementState>> ProposeAsync(SignedRequest<AgreementProposal> signed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var draft = AgreementMapping.ToDraft(signed.Payload);
        if (!draft.Ok)
        {
            throw RpcErrors.Invalid(draft.Violations, "MALFORMED_AGREEMENT");
        }

        var proposal = draft.Value!;
        for (var i = 0; i < proposal.PartyIds.Count; i++)
        {
            if (await grains.GetGrain<IPartyGrain>(proposal.PartyIds[i]).Get() is null)
            {
                throw RpcErrors.Invalid($"party_ids[{i}]", $"party '{proposal.PartyIds[i]}' is not registered", "UNKNOWN_PARTY");
            }
        }

        var party = await requests.AuthenticateAsync(signed, cancellationToken);
        var agreement = await grains.GetGrain<IAgreementGrain>(proposal.AgreementId).Propose(new AgreementProposalCommand
        {
            ProposedBy = party.PartyId,
            PartyIds = [.. proposal.PartyIds],
            Threshold = proposal.Rule is Core.Agreements.ThresholdParties t ? t.K : proposal.PartyIds.Count,
            Proposal = signed.Stored,
        }, cancellationToken);
        agreement.OrThrow();
        return agreement;
    }
}
