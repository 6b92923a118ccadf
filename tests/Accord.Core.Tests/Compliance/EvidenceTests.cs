using Accord.Core.Commitments;
using Accord.Core.Compliance;
using static Accord.Core.Tests.Compliance.Scenario;

namespace Accord.Core.Tests.Compliance;

/// <summary>No holds without evidence: a compute commitment holds only while verified reports of declared devices cover it.</summary>
public sealed class EvidenceTests
{
    private const double Cap = 1e20;

    private static readonly TimeSpan Silence = ComplianceOptions.Default.Silence;

    public static TheoryData<CommitmentTerms> ComputeKinds() =>
    [
        new TrainingRunComputeCap(Cap, Bf16),
        new AggregateComputeCap(Cap, TimeSpan.FromHours(1), Bf16),
        new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.AllFacilities),
        new PauseWindow(Cap, T0.AddHours(1), new PauseForMonths(1), null),
        new NotifyTraining(Cap, TimeSpan.FromDays(1), NoticeTiming.AfterThreshold, false, null, Bf16),
        new MonitoredBand(Cap / 100, Cap),
    ];

    [Theory]
    [MemberData(nameof(ComputeKinds))]
    public void Evaluate_ComputeCommitmentWithNoDeclaredDevices_NotVerifiableSaysSo(CommitmentTerms terms)
    {
        // Arrange: reports arrive, but from a device the party never declared.
        var ledger = Ledger(Commitment("c", terms));
        ledger.Ingest(Report("gpu-1", "run-1", 0, 1e15), T0.AddMinutes(1));

        // Act
        var evaluation = ledger.Evaluation("c", T0.AddMinutes(1));

        // Assert
        Assert.Equal(ComplianceState.NotVerifiable, evaluation.State);
        Assert.Equal("binding since 2030-01-01T00:00:00Z; the party declared no devices, so no verified report can show that it holds", evaluation.Why);
    }

    [Theory]
    [MemberData(nameof(ComputeKinds))]
    public void Evaluate_ComputeCommitmentWithASteadyReporter_Holds(CommitmentTerms terms)
    {
        // Arrange: gpu-1 reports every minute for two hours, well inside every limit.
        var ledger = Ledger(["gpu-1"], Commitment("c", terms));
        for (var minute = 0; minute < 120; minute++)
        {
            Assert.Empty(ledger.Ingest(Report("gpu-1", minute % 2 == 0 ? "run-1" : string.Empty, minute, 1e12), T0.AddMinutes(minute + 1)));
        }

        // Act
        var evaluation = ledger.Evaluation("c", T0.AddMinutes(121));

        // Assert
        Assert.Equal(ComplianceState.Holds, evaluation.State);
        Assert.StartsWith("binding since 2030-01-01T00:00:00Z; ", evaluation.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DeclaredDevicesNeverReported_NotVerifiableSinceItBegan()
    {
        // Arrange: bound from T0 + 1h; gpu-1 reported only before that, an undeclared device after.
        var ledger = Ledger(["gpu-1", "gpu-2"], Commitment("cap", new TrainingRunComputeCap(Cap, Bf16), T0.AddHours(1)));
        ledger.Ingest(Report("gpu-1", "run-1", 30, 1e15), T0.AddMinutes(31));
        ledger.Ingest(Report("hidden", "run-1", 61, 1e15), T0.AddMinutes(62));

        // Act
        var evaluation = ledger.Evaluation("cap", T0.AddMinutes(62));

        // Assert
        Assert.Equal(ComplianceState.NotVerifiable, evaluation.State);
        Assert.Equal(
            "binding since 2030-01-01T01:00:00Z; no declared device has sent a verified report since it began binding at 2030-01-01T01:00:00Z",
            evaluation.Why);
        Assert.Equal(Cap, evaluation.Limit);
    }

    [Theory]
    [InlineData(0, ComplianceState.Holds)]
    [InlineData(1, ComplianceState.NotVerifiable)]
    public void Evaluate_DevicesFellSilent_HoldsUpToTheAllowanceThenNotVerifiable(long ticksPast, ComplianceState expected)
    {
        // Arrange: both devices report for ten minutes, then nothing; the last report ends at T0 + 10 min.
        var ledger = Ledger(["gpu-1", "gpu-2"], Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));
        for (var minute = 0; minute < 10; minute++)
        {
            ledger.Ingest(Report("gpu-1", "run-1", minute, 1e15, ["gpu-1", "gpu-2"]), T0.AddMinutes(minute + 1));
            ledger.Ingest(Report("gpu-2", "run-1", minute, 1e15, ["gpu-1", "gpu-2"]), T0.AddMinutes(minute + 1));
        }

        // Act
        var evaluation = ledger.Evaluation("cap", T0.AddMinutes(10) + Silence + TimeSpan.FromTicks(ticksPast));

        // Assert
        Assert.Equal(expected, evaluation.State);
        if (expected == ComplianceState.NotVerifiable)
        {
            Assert.Equal(
                "binding since 2030-01-01T00:00:00Z; no verified report from any declared device for 00:15:00.0000001 before now "
                    + "(the last ended at 2030-01-01T00:10:00Z; 00:15:00 of silence is allowed), so the evidence stops there",
                evaluation.Why);
            Assert.Equal(2e16, evaluation.Measured);
        }
    }

    [Fact]
    public void Evaluate_BreachedThenSilent_StaysBreached()
    {
        // Arrange
        var ledger = Ledger(["gpu-1"], Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));
        var violation = Assert.Single(ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Cap), T0.AddMinutes(1)));

        // Act: a month of silence.
        var evaluation = ledger.Evaluation("cap", T0.AddDays(30));

        // Assert
        Assert.Equal(ComplianceState.Breached, evaluation.State);
        Assert.Equal($"breached: {violation.Explanation}", evaluation.Why);
    }

    [Fact]
    public void Evaluate_NotYetBinding_HoldsSayingSoEvenWithoutDevices()
    {
        // Arrange
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16), T0.AddDays(1)));

        // Act
        var evaluation = ledger.Evaluation("cap", T0);

        // Assert
        Assert.Equal(ComplianceState.Holds, evaluation.State);
        Assert.Equal("not binding yet: it binds from 2030-01-02T00:00:00Z", evaluation.Why);
    }

    [Theory]
    [InlineData(55, ComplianceState.Holds)]
    [InlineData(30, ComplianceState.NotVerifiable)]
    public void Evaluate_EndedCommitment_SilenceMeasuredToItsEnd(int lastMinute, ComplianceState expected)
    {
        // Arrange: bound for the first hour; gpu-1 reported until lastMinute + 1, then fell silent for good.
        var ledger = Ledger(["gpu-1"], Commitment("cap", new TrainingRunComputeCap(Cap, Bf16), T0, T0.AddHours(1)));
        for (var minute = 0; minute <= lastMinute; minute++)
        {
            ledger.Ingest(Report("gpu-1", "run-1", minute, 1e15), T0.AddMinutes(minute + 1));
        }

        // Act: a day later, the silence since its end does not matter, only the silence before it.
        var evaluation = ledger.Evaluation("cap", T0.AddDays(1));

        // Assert
        Assert.Equal(expected, evaluation.State);
        Assert.StartsWith("bound from 2030-01-01T00:00:00Z until 2030-01-01T01:00:00Z; ", evaluation.Why, StringComparison.Ordinal);
        if (expected == ComplianceState.NotVerifiable)
        {
            Assert.Contains("for 00:29:00 before it ended at 2030-01-01T01:00:00Z (the last ended at 2030-01-01T00:31:00Z;", evaluation.Why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_UnmonitoredClusterScopeCoverageAndInspection_KeepTheirOwnWhy()
    {
        // Arrange: no declared devices at all.
        var ledger = Ledger(
            Commitment("hidden", new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.UnmonitoredFacilities)),
            Commitment("cov", new MonitoringCoverage(0.9, TimeSpan.FromHours(1))),
            Commitment("inspect", new InspectionAccess(TimeSpan.FromDays(1), InspectionType.Routine, 2)));

        // Act
        var evaluations = ledger.Evaluate(T0.AddDays(1)).ToDictionary(e => e.CommitmentId);

        // Assert
        Assert.All(evaluations.Values, e => Assert.Equal(ComplianceState.NotVerifiable, e.State));
        Assert.Contains("a facility with no monitored device sends no reports", evaluations["hidden"].Why, StringComparison.Ordinal);
        Assert.Contains("declared no devices, so there is nothing to cover", evaluations["cov"].Why, StringComparison.Ordinal);
        Assert.Contains("an inspector's signed verdict decides it", evaluations["inspect"].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void ComplianceOptions_Silence_IsUsedAndStoredWithTheLedger()
    {
        // Arrange: an hour of silence allowed.
        var options = ComplianceOptions.Default with { Silence = TimeSpan.FromHours(1) };
        var ledger = new ComplianceLedger(Party, options);
        ledger.SetCommitments([Commitment("cap", new TrainingRunComputeCap(Cap, Bf16))]);
        ledger.SetDeclaredDevices(["gpu-1"]);
        ledger.Ingest(Report("gpu-1", string.Empty, 0, 0), T0.AddMinutes(1));

        // Act
        var restored = ComplianceLedger.FromBytes(ledger.ToBytes());

        // Assert
        Assert.Equal(ComplianceState.Holds, restored.Evaluation("cap", T0.AddMinutes(61)).State);
        Assert.Equal(ComplianceState.NotVerifiable, restored.Evaluation("cap", T0.AddMinutes(61).AddTicks(1)).State);
    }

    [Fact]
    public void Constructor_NegativeSilence_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComplianceLedger(Party, ComplianceOptions.Default with { Silence = TimeSpan.FromTicks(-1) }));

    [Fact]
    public void SetCommitments_NewStart_EvidenceMustComeAfterIt()
    {
        // Arrange: evidence from the first minute, then the commitment's start moves to T0 + 1h.
        var ledger = Ledger(["gpu-1"], Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));
        ledger.Ingest(Report("gpu-1", string.Empty, 0, 0), T0.AddMinutes(1));
        ledger.SetCommitments([Commitment("cap", new TrainingRunComputeCap(Cap, Bf16), T0.AddHours(1))]);

        // Act
        var before = ledger.Evaluation("cap", T0.AddMinutes(61));
        ledger.Ingest(Report("gpu-1", string.Empty, 60, 0), T0.AddMinutes(61));
        var after = ledger.Evaluation("cap", T0.AddMinutes(61));

        // Assert
        Assert.Equal(ComplianceState.NotVerifiable, before.State);
        Assert.Equal(ComplianceState.Holds, after.State);
    }
}
