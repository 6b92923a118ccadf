using Accord.Core.Commitments;
using Accord.Core.Common;
using Accord.Core.Keys;
using Accord.Core.Parties;
using Accord.Core.Registry;
using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Governance;
using Accord.Grains.Abstractions.Parties;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Mapping;
using Accord.Server.Security;
using Google.Protobuf;
using Grpc.Core;
using PartyRole = Accord.Core.Parties.PartyRole;
using PauseWindow = Accord.Core.Commitments.PauseWindow;

namespace Accord.Server.Grpc;

/// <summary>The registry over gRPC: parse and check the signed request, call one grain, map the record back.</summary>
public sealed class RegistryGrpcService(IGrainFactory grains, SignedRequestReader requests, AgreementProposals proposals, RequestLimiter limiter, GovernanceSetup governance) : RegistryService.RegistryServiceBase
{
    public override async Task<RegisterPartyResponse> RegisterParty(RegisterPartyRequest request, ServerCallContext context)
    {
        // A new party brings a fresh key, so its own bucket cannot bound registrations: its address's does.
        limiter.TakeRegistration(context);
        var signed = SignedRequestReader.Parse(request.Envelope, PartyRegistration.Parser, p => p.Header);
        var draft = PartyMapping.ToDraft(signed.Payload);
        if (!draft.Ok)
        {
            throw RpcErrors.Invalid(draft.Violations);
        }

        if (GovernanceRules.CheckClaimedRoles(draft.Value!.Roles) is { } claimed)
        {
            throw RpcErrors.From(claimed);
        }

        PartyPublicKey key;
        try
        {
            key = PartyPublicKey.FromBytes(signed.Payload.PublicKey.Span);
        }
        catch (FormatException)
        {
            throw RpcErrors.Invalid("public_key", "must be a raw 32-byte Ed25519 public key");
        }

        SignedRequestReader.RequireSignature(signed.Envelope, key, signed.PartyId);

        // A new party has no history to key a limit on: registrations count against the caller's address.
        limiter.TakeRead(context);
        var party = await grains.GetGrain<IPartyGrain>(signed.PartyId).Register(new PartyRegistrationCommand
        {
            DisplayName = draft.Value!.DisplayName,
            Roles = [.. draft.Value.Roles.Select(r => r.ToString())],
            PublicKey = key.ToBytes(),
            Registration = signed.Stored,
            IssuedAt = signed.IssuedAt,
            Nonce = signed.Header.Nonce,
        }, context.CancellationToken);
        return new RegisterPartyResponse { Party = RecordMapping.ToRecord(party.OrThrow()), Receipt = LogMapping.ToProto(party.Receipt) };
    }

    public override async Task<GovernResponse> Govern(GovernRequest request, ServerCallContext context)
    {
        limiter.TakeRead(context);
        var (act, envelope, stored) = SignedRequestReader.ParsePayload(request.Envelope, GovernanceAct.Parser);
        var command = GovernanceMapping.ToCommand(act, stored);
        if (governance.Body.CheckSignatures(envelope) is { } unsigned)
        {
            throw RpcErrors.From(unsigned);
        }

        var applied = await grains.GetGrain<IGovernanceGrain>(IGovernanceGrain.Key).Enact(command, context.CancellationToken);
        var value = applied.OrThrow();
        return new GovernResponse
        {
            Sequence = value.Sequence,
            Party = value.Party is { } party ? RecordMapping.ToRecord(party) : null,
            Receipt = LogMapping.ToProto(applied.Receipt),
        };
    }

    public override async Task<GetGovernanceResponse> GetGovernance(GetGovernanceRequest request, ServerCallContext context)
    {
        var response = new GetGovernanceResponse
        {
            Threshold = (uint)governance.Body.Threshold,
            LastSequence = await grains.GetGrain<IGovernanceGrain>(IGovernanceGrain.Key).LastSequence(),
        };
        response.Keys.AddRange(governance.Body.Keys.Select(k => new PartyKey { KeyId = k.KeyId, PublicKey = ByteString.CopyFrom(k.ToBytes()) }));
        return response;
    }

    public override async Task<GetPartyResponse> GetParty(GetPartyRequest request, ServerCallContext context) =>
        new() { Party = RecordMapping.ToRecord(await LoadParty(request.PartyId, "party_id")) };

    public override async Task<ListPartiesResponse> ListParties(ListPartiesRequest request, ServerCallContext context)
    {
        var page = RpcErrors.OrThrow(Paging.Take(await grains.GetGrain<IPartyDirectoryGrain>(IPartyDirectoryGrain.Key).List(), id => id, request.PageToken, request.PageSize));
        var response = new ListPartiesResponse { NextPageToken = page.NextToken };
        foreach (var id in page.Items)
        {
            if (await grains.GetGrain<IPartyGrain>(id).Get() is { } party)
            {
                response.Parties.Add(RecordMapping.ToRecord(party));
            }
        }

        return response;
    }

    public override async Task<RegisterCommitmentResponse> RegisterCommitment(RegisterCommitmentRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, CommitmentStatement.Parser, p => p.Header);
        var draft = CommitmentMapping.ToDraft(signed.Payload);
        if (!draft.Ok)
        {
            throw RpcErrors.Invalid(draft.Violations, "MALFORMED_COMMITMENT");
        }

        var commitment = draft.Value!;
        if (commitment.Condition is { } condition)
        {
            await CheckCondition(condition);
        }

        await CheckReleaseInspector(commitment.Terms);

        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        PermissionChecks.Require(party, PartyAction.RegisterCommitment);

        var id = Identifiers.CommitmentIdFor(signed.Envelope.Payload);
        var registered = await grains.GetGrain<ICommitmentGrain>(id).Register(party.PartyId, signed.Stored, context.CancellationToken);
        return new RegisterCommitmentResponse { Commitment = RecordMapping.ToRecord(registered.OrThrow()), Receipt = LogMapping.ToProto(registered.Receipt) };
    }

    public override async Task<GetCommitmentResponse> GetCommitment(GetCommitmentRequest request, ServerCallContext context) =>
        new() { Commitment = RecordMapping.ToRecord(await LoadCommitment(request.CommitmentId)) };

    public override async Task<ListCommitmentsResponse> ListCommitments(ListCommitmentsRequest request, ServerCallContext context)
    {
        var commitmentIds = await PartyIndexAsync(request.PartyId, p => p.CommitmentIds);
        var page = RpcErrors.OrThrow(Paging.Take(commitmentIds, id => id, request.PageToken, request.PageSize));
        var response = new ListCommitmentsResponse { NextPageToken = page.NextToken };
        foreach (var commitmentId in page.Items)
        {
            if (await grains.GetGrain<ICommitmentGrain>(commitmentId).Get() is { } commitment)
            {
                response.Commitments.Add(RecordMapping.ToRecord(commitment));
            }
        }

        return response;
    }

    public override async Task<ListAgreementsResponse> ListAgreements(ListAgreementsRequest request, ServerCallContext context)
    {
        var agreementIds = (await PartyIndexAsync(request.PartyId, p => p.AgreementIds)).Distinct().Order(StringComparer.Ordinal).ToList();
        var page = RpcErrors.OrThrow(Paging.Take(agreementIds, id => id, request.PageToken, request.PageSize));
        var response = new ListAgreementsResponse { NextPageToken = page.NextToken };
        foreach (var agreementId in page.Items)
        {
            if (await grains.GetGrain<IAgreementGrain>(agreementId).Get() is { } agreement)
            {
                response.Agreements.Add(RecordMapping.ToRecord(agreement));
            }
        }

        return response;
    }

    /// <summary>
    /// The ids a party's index holds (commitments, agreements), of one party or, when <paramref name="partyId"/> is
    /// empty, of every party in directory order; an unknown party is refused NOT_FOUND.
    /// </summary>
    private async Task<List<string>> PartyIndexAsync(string partyId, Func<PartyState, IReadOnlyList<string>> index)
    {
        var partyIds = string.IsNullOrEmpty(partyId)
            ? await grains.GetGrain<IPartyDirectoryGrain>(IPartyDirectoryGrain.Key).List()
            : [(await LoadParty(partyId, "party_id")).PartyId];
        var ids = new List<string>();
        foreach (var id in partyIds)
        {
            if (await grains.GetGrain<IPartyGrain>(id).Get() is { } party)
            {
                ids.AddRange(index(party));
            }
        }

        return ids;
    }

    public override async Task<WithdrawCommitmentResponse> WithdrawCommitment(WithdrawCommitmentRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, CommitmentWithdrawal.Parser, p => p.Header);
        RequireCommitmentId(signed.Payload.CommitmentId);
        RpcErrors.RequireText("reason", signed.Payload.Reason, 0, 1000);
        var grain = grains.GetGrain<ICommitmentGrain>(signed.Payload.CommitmentId);
        await LoadCommitment(signed.Payload.CommitmentId);

        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        var withdrawn = await grain.Withdraw(party.PartyId, signed.Stored, context.CancellationToken);
        return new WithdrawCommitmentResponse { Commitment = RecordMapping.ToRecord(withdrawn.OrThrow()), Receipt = LogMapping.ToProto(withdrawn.Receipt) };
    }

    public override async Task<AttestConditionResponse> AttestCondition(AttestConditionRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, ConditionAttestation.Parser, p => p.Header);
        RequireCommitmentId(signed.Payload.CommitmentId);
        RpcErrors.RequireText("condition", signed.Payload.Condition, 1, 1000);
        RpcErrors.RequireText("statement", signed.Payload.Statement, 0, 4000, allowNewlines: true);
        await LoadCommitment(signed.Payload.CommitmentId);

        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        PermissionChecks.Require(party, PartyAction.AttestCondition);

        var released = await grains.GetGrain<ICommitmentGrain>(signed.Payload.CommitmentId)
            .Attest(party.PartyId, signed.Payload.Condition, signed.Stored, context.CancellationToken);
        return new AttestConditionResponse { Commitment = RecordMapping.ToRecord(released.OrThrow()), Receipt = LogMapping.ToProto(released.Receipt) };
    }

    public override async Task<ProposeAgreementResponse> ProposeAgreement(ProposeAgreementRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, AgreementProposal.Parser, p => p.Header);
        var agreement = await proposals.ProposeAsync(signed, context.CancellationToken);
        return new ProposeAgreementResponse { Agreement = RecordMapping.ToRecord(agreement.Value!), Receipt = LogMapping.ToProto(agreement.Receipt) };
    }

    public override async Task<SignAgreementResponse> SignAgreement(SignAgreementRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, AgreementSignature.Parser, p => p.Header);
        RpcErrors.RequireSlug(signed.Payload.AgreementId, "agreement_id");

        if (signed.Payload.TermsDigest.Length != 32)
        {
            throw RpcErrors.Invalid("terms_digest", "must be the 32-byte SHA-256 of the proposal payload");
        }

        await LoadAgreement(signed.Payload.AgreementId);
        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        var agreement = await grains.GetGrain<IAgreementGrain>(signed.Payload.AgreementId)
            .Sign(party.PartyId, signed.Payload.TermsDigest.ToByteArray(), signed.Stored, context.CancellationToken);
        return new SignAgreementResponse { Agreement = RecordMapping.ToRecord(agreement.OrThrow()), Receipt = LogMapping.ToProto(agreement.Receipt) };
    }

    public override async Task<GetAgreementResponse> GetAgreement(GetAgreementRequest request, ServerCallContext context) =>
        new() { Agreement = RecordMapping.ToRecord(await LoadAgreement(request.AgreementId)) };

    private async Task CheckCondition(Core.Commitments.ActivationCondition condition)
    {
        var agreement = await grains.GetGrain<IAgreementGrain>(condition.AgreementId).Get()
            ?? throw RpcErrors.Invalid("condition.agreement_id", $"no agreement '{condition.AgreementId}'", "UNKNOWN_AGREEMENT");
        var violations = ActivationConditions.ValidateAgainst(condition, agreement.PartyIds);
        if (violations.Count > 0)
        {
            throw RpcErrors.Invalid(violations, "MALFORMED_COMMITMENT");
        }
    }

    private async Task CheckReleaseInspector(Core.Commitments.CommitmentTerms terms)
    {
        if (terms is PauseWindow { End: PauseUntilAttested until })
        {
            var inspector = await grains.GetGrain<IPartyGrain>(until.InspectorPartyId).Get();
            if (inspector is null || !PermissionChecks.Allows(inspector, PartyAction.AttestCondition))
            {
                throw RpcErrors.Invalid("terms.pause_window.until_attested.inspector_party_id",
                    $"'{until.InspectorPartyId}' is not a registered inspector", "UNKNOWN_INSPECTOR");
            }
        }
    }

    private async Task<PartyState> LoadParty(string partyId, string field)
    {
        RpcErrors.RequireSlug(partyId, field);

        return await grains.GetGrain<IPartyGrain>(partyId).Get()
            ?? throw RpcErrors.Of(StatusCode.NotFound, "UNKNOWN_PARTY", $"no party '{partyId}'");
    }

    private async Task<CommitmentState> LoadCommitment(string commitmentId)
    {
        RequireCommitmentId(commitmentId);
        return await grains.GetGrain<ICommitmentGrain>(commitmentId).Get()
            ?? throw RpcErrors.Of(StatusCode.NotFound, "UNKNOWN_COMMITMENT", $"no commitment {commitmentId}");
    }

    private async Task<AgreementState> LoadAgreement(string agreementId)
    {
        RpcErrors.RequireSlug(agreementId, "agreement_id");

        return await grains.GetGrain<IAgreementGrain>(agreementId).Get()
            ?? throw RpcErrors.Of(StatusCode.NotFound, "UNKNOWN_AGREEMENT", $"no agreement '{agreementId}'");
    }

    private static void RequireCommitmentId(string commitmentId)
    {
        if (!Identifiers.IsValidCommitmentId(commitmentId))
        {
            throw RpcErrors.Invalid("commitment_id", "must be 32 lowercase hex characters");
        }
    }
}
