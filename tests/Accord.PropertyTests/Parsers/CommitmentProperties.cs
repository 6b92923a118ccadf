using Accord.Core.Agreements;
using Accord.Core.Commitments;
using Accord.Core.Parties;
using Accord.PropertyTests.Infrastructure;
using Accord.Protos.Mapping;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Xunit.Abstractions;
using V1 = Accord.Protos.V1;

namespace Accord.PropertyTests.Parsers;

/// <summary>
/// Commitment statements, agreement proposals and party registrations from the wire through the
/// mappers and validators.
/// </summary>
public sealed class CommitmentProperties(ITestOutputHelper output)
{
    private static readonly ComputeMeasure Measure = new(CountingBasis.EstimatedFromUtilization, Precision.Bf16);

    private static readonly V1.CommitmentStatement[] Statements =
    [
        .. new CommitmentTerms[]
        {
            new TrainingRunComputeCap(1e25, Measure),
            new AggregateComputeCap(1e26, TimeSpan.FromDays(365), Measure),
            new ClusterSizeCap(ClusterUnit.H100Equivalents, 10_000, Precision.Bf16, ClusterScope.AllFacilities),
            new PauseWindow(1e26, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new PauseForMonths(6), "trigger"),
            new PauseWindow(1e26, null, new PauseUntilAttested("inspector-1", "evals pass"), null),
            new NotifyTraining(1e25, TimeSpan.FromDays(30), NoticeTiming.BeforeThreshold, true, "regulator", Measure),
            new MonitoringCoverage(0.9, TimeSpan.FromDays(30)),
            new MonitoredBand(1e24, 1e26),
            new InspectionAccess(TimeSpan.FromDays(7), InspectionType.Routine, 4),
        }.Select(terms => new V1.CommitmentStatement
        {
            Header = new V1.RequestHeader { PartyId = "lab-a", IssuedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch), Nonce = "0123456789abcdef" },
            Title = "a commitment",
            Terms = CommitmentMapping.ToProto(terms),
            Condition = CommitmentMapping.ToProto(new ActivationCondition("pause-2027", new AllOfParties(["lab-a", "lab-b"]))),
        }),
    ];

    private static readonly V1.AgreementProposal Proposal = new()
    {
        Header = Statements[0].Header,
        AgreementId = "pause-2027",
        Title = "Pause",
        Text = "terms",
        PartyIds = { "lab-a", "lab-b", "lab-c" },
        Rule = new V1.ActivationRule { Threshold = 2 },
    };

    private static readonly V1.PartyRegistration Registration = new()
    {
        Header = Statements[0].Header,
        DisplayName = "Lab A",
        Roles = { V1.PartyRole.Lab, V1.PartyRole.Inspector },
        PublicKey = ByteString.CopyFrom(new byte[32]),
    };

    [Fact]
    public void Statements_Valid_MapAndValidateClean()
    {
        foreach (var statement in Statements)
        {
            var draft = CommitmentMapping.ToDraft(statement);
            Assert.True(draft.Ok, string.Join("; ", draft.Violations.Select(v => $"{v.Field}: {v.Description}")));
            Assert.Empty(CommitmentValidator.Validate(draft.Value!));
        }
    }

    [Fact]
    public void ToDraft_MutatedFields_MapsOrReportsViolationsNeverThrows()
    {
        var cases = Gen.Int[0, Statements.Length + 1].SelectMany(i => i switch
        {
            _ when i < Statements.Length => ProtoMutator.Of(Statements[i]).Select(m => (IMessage)m),
            _ when i == Statements.Length => ProtoMutator.Of(Proposal).Select(m => (IMessage)m),
            _ => ProtoMutator.Of(Registration).Select(m => (IMessage)m),
        });
        Property.Run(output, "commitments, agreements and parties, mutated fields", cases, Pipeline, CaseBudget.CommitmentFields);
    }

    [Fact]
    public void ParseAndDraft_MutatedOrRandomBytes_OnlyInvalidProtocolBuffer()
    {
        var wire = Statements.Select(s => s.ToByteArray()).Append(Proposal.ToByteArray()).Append(Registration.ToByteArray()).ToArray();
        var cases = Gen.Select(Gen.Int[0, wire.Length - 1], Gen.Frequency((4, Gen.Const(0)), (1, Gen.Const(1))), (i, random) => (i, random))
            .SelectMany(c => (c.random == 1 ? Mutate.RandomBytes(300) : Mutate.Bytes(wire[c.i])).Select(bytes => (c.i, bytes)));
        Property.Run(output, "commitments, agreements and parties, mutated bytes", cases, c =>
        {
            var (i, bytes) = c;
            MessageParser parser = i < Statements.Length ? V1.CommitmentStatement.Parser : i == Statements.Length ? V1.AgreementProposal.Parser : V1.PartyRegistration.Parser;
            var (parsed, message) = Expect.Of<IMessage, InvalidProtocolBufferException>(() => parser.ParseFrom(bytes));
            if (parsed)
            {
                Pipeline(message!);
            }
        }, CaseBudget.CommitmentBytes);
    }

    private static void Pipeline(IMessage message) => Expect.NeverThrows(() =>
    {
        switch (message)
        {
            case V1.CommitmentStatement statement:
                var draft = CommitmentMapping.ToDraft(statement);
                Assert.Equal(draft.Ok, draft.Violations.Count == 0);
                if (draft.Ok)
                {
                    if (CommitmentValidator.Validate(draft.Value!).Count == 0)
                    {
                        Assert.False(string.IsNullOrWhiteSpace(CommitmentText.Describe(draft.Value!.Terms)));
                        var again = CommitmentMapping.ToDomain(CommitmentMapping.ToProto(draft.Value!.Terms));
                        Assert.True(again.Ok);
                    }
                }

                break;
            case V1.AgreementProposal proposal:
                var agreement = AgreementMapping.ToDraft(proposal);
                if (agreement.Ok)
                {
                    AgreementValidator.Validate(agreement.Value!);
                }

                break;
            case V1.PartyRegistration registration:
                var party = PartyMapping.ToDraft(registration);
                if (party.Ok)
                {
                    PartyValidator.Validate(party.Value!);
                }

                break;
        }

        return true;
    });
}
