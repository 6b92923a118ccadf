using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Accord.IntegrationTests.Registry;

/// <summary>Real rules registered through the API, read back byte for byte; the attested pause released only by its inspector.</summary>
[Collection(ServerCollection.Name)]
public sealed class RealRulesTests(AccordServerFixture server)
{
    private static readonly ComputeMeasure AnalyticBf16 = new() { Basis = CountingBasis.Analytic, Precision = Precision.Bf16 };

    public static TheoryData<string, CommitmentTerms> Rules() => new()
    {
        {
            "EU AI Act: notify within two weeks once 1e25 FLOP is or will be reached",
            new CommitmentTerms { NotifyTraining = new NotifyTraining { ThresholdFlop = 1e25, NoticePeriod = Duration.FromTimeSpan(TimeSpan.FromDays(14)), Timing = NoticeTiming.AfterThreshold, Anticipatory = true, NotifyPartyId = "eu-ai-office", Measure = AnalyticBf16 } }
        },
        {
            "California SB 53: 1e26 FLOP frontier threshold",
            new CommitmentTerms { NotifyTraining = new NotifyTraining { ThresholdFlop = 1e26, NoticePeriod = Duration.FromTimeSpan(TimeSpan.Zero), Timing = NoticeTiming.AfterThreshold, Measure = AnalyticBf16 } }
        },
        {
            "Draft international agreement (Nov 2025): no run above 1e24 FLOP",
            new CommitmentTerms { TrainingRunCap = new TrainingRunComputeCap { MaxFlop = 1e24, Measure = AnalyticBf16 } }
        },
        {
            "Draft international agreement (Nov 2025): runs between 1e22 and 1e24 FLOP are monitored",
            new CommitmentTerms { MonitoredBand = new MonitoredBand { MinFlop = 1e22, MaxFlop = 1e24 } }
        },
        {
            "Draft international agreement (Nov 2025): at most 16 H100-equivalents in unmonitored facilities",
            new CommitmentTerms { ClusterSizeCap = new ClusterSizeCap { MaxH100Equivalents = 16, Precision = Precision.Bf16, Scope = ClusterScope.UnmonitoredFacilities } }
        },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task RegisterCommitment_RealRule_IsActiveAndReadsBackExactly(string rule, CommitmentTerms terms)
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");

        var registered = await lab.CommitAsync(terms);
        var reread = (await server.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = registered.CommitmentId })).Commitment;

        Assert.False(string.IsNullOrEmpty(rule));
        Assert.Equal(CommitmentStatus.Active, reread.Status);
        Assert.Equal(terms, reread.Terms);
        Assert.Equal(registered.Statement, reread.Statement);
    }

    [Fact]
    public async Task AttestCondition_LabFrameworkPause_ReleasedOnlyByTheNamedInspectorWithTheExactCondition()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");
        var inspector = await TestParty.RegisterAsync(server.Registry, "aisi", PartyRole.Inspector);
        var otherInspector = await TestParty.RegisterAsync(server.Registry, "insp", PartyRole.Inspector);
        const string condition = "ASL-3 safeguards are in place";
        var pause = await lab.CommitAsync(new CommitmentTerms
        {
            PauseWindow = new PauseWindow
            {
                ScopeMinFlop = 0,
                Trigger = "a model reaches the CBRN-3 capability threshold",
                UntilAttested = new AttestedCondition { InspectorPartyId = inspector.Id, Condition = condition },
            },
        });
        Task<AttestConditionResponse> Attest(TestParty by, string text) => server.Registry.AttestConditionAsync(new AttestConditionRequest
        {
            Envelope = by.Sign(new ConditionAttestation { Header = RequestSigning.Header(by.Id), CommitmentId = pause.CommitmentId, Condition = text, Statement = "audited" }),
        }).ResponseAsync;

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_AN_INSPECTOR", () => Attest(lab, condition));
        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_NAMED_INSPECTOR", () => Attest(otherInspector, condition));
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "NOT_ATTESTABLE", () => Attest(inspector, "safeguards are fine"));
        var stillActive = (await server.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = pause.CommitmentId })).Commitment;
        var released = (await Attest(inspector, condition)).Commitment;

        Assert.Equal(CommitmentStatus.Active, stillActive.Status);
        Assert.Null(stillActive.Attestation);
        Assert.Equal(CommitmentStatus.Fulfilled, released.Status);
        Assert.Equal("accord.v1.ConditionAttestation", released.Attestation.PayloadType);
    }

    [Fact]
    public async Task RegisterCommitment_PauseNamingAnUnregisteredInspector_InvalidArgument()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");
        var terms = new CommitmentTerms
        {
            PauseWindow = new PauseWindow { ScopeMinFlop = 1e26, UntilAttested = new AttestedCondition { InspectorPartyId = "nobody-here", Condition = "safe" } },
        };

        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "UNKNOWN_INSPECTOR", () => lab.CommitAsync(terms));

        Assert.Contains("terms.pause_window.until_attested.inspector_party_id", Refusals.ViolatedFields(e));
        Assert.Empty((await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = lab.Id })).Commitments);
    }
}
