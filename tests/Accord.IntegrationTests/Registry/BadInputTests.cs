using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Accord.IntegrationTests.Registry;

/// <summary>Every bad request gets a specific status and reason, and changes nothing (checked by reading state back).</summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(AccordServerFixture server)
{
    private RegistryService.RegistryServiceClient Registry => server.Registry;

    [Fact]
    public async Task RegisterCommitment_FlippedSignatureBit_UnauthenticatedBadSignature()
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        var envelope = lab.Sign(lab.Statement(TestParty.Pause()));
        var sig = envelope.Signatures[0].Sig.ToByteArray();
        sig[10] ^= 0x01;
        envelope.Signatures[0].Sig = ByteString.CopyFrom(sig);

        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "BAD_SIGNATURE", () => Register(envelope));

        await AssertNoCommitments(lab);
    }

    [Fact]
    public async Task RegisterCommitment_FlippedPayloadBit_UnauthenticatedBadSignature()
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        var envelope = lab.Sign(lab.Statement(TestParty.Pause()));
        var payload = envelope.Payload.ToByteArray();
        payload[^1] ^= 0x01;
        envelope.Payload = ByteString.CopyFrom(payload);

        // The last byte is duration_months (6 -> 7): the payload still parses, so only the signature can catch it.
        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "BAD_SIGNATURE", () => Register(envelope));

        await AssertNoCommitments(lab);
    }

    [Fact]
    public async Task RegisterCommitment_SignedByUnknownKey_UnauthenticatedUnknownKey()
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        using var stranger = Core.Keys.PartyKeyPair.Generate();
        var envelope = RequestSigning.Sign(lab.Statement(TestParty.Pause()), stranger);

        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "UNKNOWN_KEY", () => Register(envelope));

        await AssertNoCommitments(lab);
    }

    [Fact]
    public async Task RegisterCommitment_ReplayedNonce_AlreadyExistsReplayedNonce()
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        var nonce = Core.Requests.RequestFreshness.NewNonce();
        await Register(lab.Sign(lab.Statement(TestParty.Pause(), header: RequestSigning.Header(lab.Id, nonce: nonce))));
        var before = await Commitments(lab);

        var second = lab.Sign(lab.Statement(TestParty.Pause(1e25), header: RequestSigning.Header(lab.Id, nonce: nonce)));
        await Refusals.AssertRefusedAsync(StatusCode.AlreadyExists, "REPLAYED_NONCE", () => Register(second));

        Assert.Equal(before, await Commitments(lab));
    }

    [Theory]
    [InlineData(-10, "STALE_REQUEST")]
    [InlineData(10, "FUTURE_REQUEST")]
    public async Task RegisterCommitment_TimestampOutsideSkew_FailedPrecondition(int minutes, string reason)
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        var header = RequestSigning.Header(lab.Id, issuedAt: DateTimeOffset.UtcNow.AddMinutes(minutes));

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, reason, () => Register(lab.Sign(lab.Statement(TestParty.Pause(), header: header))));

        await AssertNoCommitments(lab);
    }

    [Fact]
    public async Task RegisterCommitment_SignedForAnotherParty_UnauthenticatedUnknownKey()
    {
        var victim = await TestParty.RegisterAsync(Registry, "lab");
        var attacker = await TestParty.RegisterAsync(Registry, "lab");
        var forged = attacker.Sign(attacker.Statement(TestParty.Pause(), header: RequestSigning.Header(victim.Id)));

        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "UNKNOWN_KEY", () => Register(forged));

        await AssertNoCommitments(victim);
    }

    [Fact]
    public async Task WithdrawCommitment_OfAnotherLab_PermissionDeniedNotOwner()
    {
        var owner = await TestParty.RegisterAsync(Registry, "lab");
        var other = await TestParty.RegisterAsync(Registry, "lab");
        var commitment = await owner.CommitAsync(TestParty.Pause());
        var withdrawal = other.Sign(new CommitmentWithdrawal { Header = RequestSigning.Header(other.Id), CommitmentId = commitment.CommitmentId });

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_OWNER",
            () => Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest { Envelope = withdrawal }).ResponseAsync);

        var reread = (await Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = commitment.CommitmentId })).Commitment;
        Assert.Equal(CommitmentStatus.Active, reread.Status);
        Assert.Null(reread.Withdrawal);
    }

    [Fact]
    public async Task WithdrawCommitment_ByOwner_IsRecordedAndCannotBeRepeated()
    {
        var owner = await TestParty.RegisterAsync(Registry, "lab");
        var commitment = await owner.CommitAsync(TestParty.Pause());
        CommitmentWithdrawal Withdrawal() => new() { Header = RequestSigning.Header(owner.Id), CommitmentId = commitment.CommitmentId, Reason = "superseded" };

        var withdrawn = (await Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest { Envelope = owner.Sign(Withdrawal()) })).Commitment;
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "NOT_WITHDRAWABLE",
            () => Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest { Envelope = owner.Sign(Withdrawal()) }).ResponseAsync);

        Assert.Equal(CommitmentStatus.Withdrawn, withdrawn.Status);
        Assert.NotNull(withdrawn.Withdrawal);
        Assert.Equal(withdrawn.ToString(), (await Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = commitment.CommitmentId })).Commitment.ToString());
    }

    [Fact]
    public async Task RegisterCommitment_ByInspector_PermissionDeniedNotALab()
    {
        var inspector = await TestParty.RegisterAsync(Registry, "insp", PartyRole.Inspector);

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_A_LAB", () => Register(inspector.Sign(inspector.Statement(TestParty.Pause()))));

        await AssertNoCommitments(inspector);
    }

    public static TheoryData<string, CommitmentTerms, string> MalformedTerms() => new()
    {
        { "negative FLOP", new CommitmentTerms { TrainingRunCap = new TrainingRunComputeCap { MaxFlop = -1e25, Measure = Bf16() } }, "terms.training_run_cap.max_flop" },
        { "NaN FLOP", new CommitmentTerms { TrainingRunCap = new TrainingRunComputeCap { MaxFlop = double.NaN, Measure = Bf16() } }, "terms.training_run_cap.max_flop" },
        {
            "window ending before it starts",
            new CommitmentTerms { PauseWindow = new PauseWindow { ScopeMinFlop = 1e26, StartsAt = Timestamp.FromDateTime(new DateTime(2027, 6, 1, 0, 0, 0, DateTimeKind.Utc)), EndsAt = Timestamp.FromDateTime(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)) } },
            "terms.pause_window.ends_at"
        },
        { "unknown kind", new CommitmentTerms(), "terms" },
    };

    [Theory]
    [MemberData(nameof(MalformedTerms))]
    public async Task RegisterCommitment_MalformedTerms_InvalidArgumentNamingTheField(string what, CommitmentTerms terms, string field)
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");

        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "MALFORMED_COMMITMENT", () => Register(lab.Sign(lab.Statement(terms))));

        Assert.Contains(field, Refusals.ViolatedFields(e));
        Assert.False(string.IsNullOrEmpty(what));
        await AssertNoCommitments(lab);
    }

    [Fact]
    public async Task RegisterCommitment_UnknownFieldOnlyTerms_InvalidArgumentUnknownKind()
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        var statement = lab.Statement(new CommitmentTerms());
        var bytes = statement.ToByteArray();
        // Append field 3 (terms) holding only an unknown field number 99 (varint 1): a kind this server does not know.
        var unknownTerms = new byte[] { 0x1A, 0x03, 0x98, 0x06, 0x01 };
        var payload = bytes.Concat(unknownTerms).ToArray();
        var envelope = RequestSigning.ToProto(Core.Envelopes.EnvelopeSigner.Sign(CommitmentStatement.Descriptor.FullName, payload, lab.Key));

        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "MALFORMED_COMMITMENT", () => Register(envelope));

        Assert.Contains("terms", Refusals.ViolatedFields(e));
        await AssertNoCommitments(lab);
    }

    [Fact]
    public async Task RegisterCommitment_ThresholdAboveAgreementPartyCount_InvalidArgument()
    {
        var a = await TestParty.RegisterAsync(Registry, "lab");
        var b = await TestParty.RegisterAsync(Registry, "lab");
        var agreementId = "kn-" + Guid.NewGuid().ToString("N")[..8];
        await a.ProposeAsync(agreementId, [a.Id, b.Id]);

        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "MALFORMED_COMMITMENT",
            () => Register(a.Sign(a.Statement(TestParty.Pause(), new ActivationCondition { AgreementId = agreementId, Threshold = 3 }))));

        Assert.Contains("condition.threshold", Refusals.ViolatedFields(e));
        await AssertNoCommitments(a);
        var agreement = (await Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = agreementId })).Agreement;
        Assert.Empty(agreement.CommitmentIds);
    }

    [Fact]
    public async Task ProposeAgreement_ThresholdAbovePartyCount_InvalidArgument()
    {
        var a = await TestParty.RegisterAsync(Registry, "lab");
        var b = await TestParty.RegisterAsync(Registry, "lab");
        var agreementId = "bad-k-" + Guid.NewGuid().ToString("N")[..8];

        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "MALFORMED_AGREEMENT", () => a.ProposeAsync(agreementId, [a.Id, b.Id], threshold: 3));

        Assert.Contains("rule.threshold", Refusals.ViolatedFields(e));
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_AGREEMENT",
            () => Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = agreementId }).ResponseAsync);
    }

    [Fact]
    public async Task RegisterCommitment_OversizedMessage_ResourceExhausted()
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        var statement = lab.Statement(TestParty.Pause());
        statement.Title = new string('x', 512 * 1024);

        var e = await Assert.ThrowsAsync<RpcException>(() => Register(lab.Sign(statement)));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        await AssertNoCommitments(lab);
    }

    [Fact]
    public async Task SignAgreement_NotAParty_PermissionDeniedNotAParty()
    {
        var a = await TestParty.RegisterAsync(Registry, "lab");
        var b = await TestParty.RegisterAsync(Registry, "lab");
        var outsider = await TestParty.RegisterAsync(Registry, "lab");
        var agreement = await a.ProposeAsync("np-" + Guid.NewGuid().ToString("N")[..8], [a.Id, b.Id]);

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_A_PARTY", () => outsider.SignAsync(agreement));

        var reread = (await Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = agreement.AgreementId })).Agreement;
        Assert.Empty(reread.Signatures);
    }

    [Fact]
    public async Task SignAgreement_Twice_AlreadyExistsAlreadySigned()
    {
        var a = await TestParty.RegisterAsync(Registry, "lab");
        var b = await TestParty.RegisterAsync(Registry, "lab");
        var agreement = await a.ProposeAsync("twice-" + Guid.NewGuid().ToString("N")[..8], [a.Id, b.Id]);
        var once = await a.SignAsync(agreement);

        await Refusals.AssertRefusedAsync(StatusCode.AlreadyExists, "ALREADY_SIGNED", () => a.SignAsync(agreement));

        var reread = (await Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = agreement.AgreementId })).Agreement;
        Assert.Equal(once.ToString(), reread.ToString());
    }

    [Fact]
    public async Task SignAgreement_WrongTermsDigest_FailedPreconditionTermsMismatch()
    {
        var a = await TestParty.RegisterAsync(Registry, "lab");
        var b = await TestParty.RegisterAsync(Registry, "lab");
        var agreement = await a.ProposeAsync("digest-" + Guid.NewGuid().ToString("N")[..8], [a.Id, b.Id]);
        var signature = new AgreementSignature { Header = RequestSigning.Header(a.Id), AgreementId = agreement.AgreementId, TermsDigest = ByteString.CopyFrom(new byte[32]) };

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "TERMS_MISMATCH",
            () => Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = a.Sign(signature) }).ResponseAsync);

        Assert.Empty((await Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = agreement.AgreementId })).Agreement.Signatures);
    }

    [Fact]
    public async Task RegisterParty_TakenId_AlreadyExistsAndKeepsTheFirstKey()
    {
        var first = await TestParty.RegisterAsync(Registry, "lab");
        var impostor = new TestParty(Registry, first.Id, PartyRole.Lab);

        await Refusals.AssertRefusedAsync(StatusCode.AlreadyExists, "PARTY_EXISTS",
            () => Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = impostor.Sign(impostor.Registration()) }).ResponseAsync);

        var party = (await Registry.GetPartyAsync(new GetPartyRequest { PartyId = first.Id })).Party;
        Assert.Equal(first.Key.KeyId, Assert.Single(party.Keys).KeyId);
    }

    [Fact]
    public async Task RegisterParty_SignedByAnotherKey_UnauthenticatedAndNotRegistered()
    {
        var party = new TestParty(Registry, "pop-" + Guid.NewGuid().ToString("N")[..8], PartyRole.Lab);
        using var other = Core.Keys.PartyKeyPair.Generate();

        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "UNKNOWN_KEY",
            () => Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = RequestSigning.Sign(party.Registration(), other) }).ResponseAsync);

        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_PARTY", () => Registry.GetPartyAsync(new GetPartyRequest { PartyId = party.Id }).ResponseAsync);
    }

    [Fact]
    public async Task RegisterCommitment_WrongPayloadType_InvalidArgument()
    {
        var lab = await TestParty.RegisterAsync(Registry, "lab");
        var envelope = lab.Sign(lab.Statement(TestParty.Pause()));
        envelope.PayloadType = "accord.v1.CommitmentWithdrawal";

        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "WRONG_PAYLOAD_TYPE", () => Register(envelope));

        await AssertNoCommitments(lab);
    }

    private static ComputeMeasure Bf16() => new() { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 };

    private Task<RegisterCommitmentResponse> Register(Envelope envelope) =>
        Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = envelope }).ResponseAsync;

    private async Task<List<string>> Commitments(TestParty party) =>
        [.. (await Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = party.Id })).Commitments.Select(c => c.ToString())];

    private async Task AssertNoCommitments(TestParty party) => Assert.Empty(await Commitments(party));
}
