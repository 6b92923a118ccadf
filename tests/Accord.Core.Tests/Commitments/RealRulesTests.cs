using Accord.Core.Commitments;

namespace Accord.Core.Tests.Commitments;

/// <summary>
/// Rules that exist (or are proposed) in the world, written in Accord's commitment language. Each
/// test states the rule, validates it and pins down how it reads. docs/concepts.md explains each mapping.
/// </summary>
public sealed class RealRulesTests
{
    [Fact]
    public void EuAiAct_NotifyWithinTwoWeeksOfReaching1e25_IsExpressible()
    {
        // Arrange: EU AI Act, Art. 51(2) and 52(1). A general-purpose model trained with more than 1e25
        // FLOP is presumed to have systemic risk; its provider notifies the Commission (the AI Office)
        // without delay and within two weeks after the threshold is met or it becomes known that it
        // will be met. "Will be met" is the anticipatory flag; the two weeks run after the threshold.
        // The Act counts cumulative training compute whatever the precision; an analytic estimate is
        // one of the approaches the Commission accepts, and the precision records the lab's own.
        var draft = new CommitmentDraft(
            "lab-a",
            "EU AI Act Art. 52 notification",
            new NotifyTraining(
                ThresholdFlop: 1e25,
                NoticePeriod: TimeSpan.FromDays(14),
                Timing: NoticeTiming.AfterThreshold,
                Anticipatory: true,
                NotifyPartyId: "eu-ai-office",
                Measure: new ComputeMeasure(CountingBasis.Analytic, Precision.Bf16)),
            Condition: null);

        // Act
        var violations = CommitmentValidator.Validate(draft);
        var text = CommitmentText.Describe(draft.Terms);

        // Assert
        Assert.Empty(violations);
        Assert.Equal(
            "Notify eu-ai-office within 14 days after a run reaches 1e25 FLOP or is known to reach it (BF16, analytic estimate)",
            text);
    }

    [Fact]
    public void CaliforniaSb53_FrontierThresholdOf1e26_IsExpressible()
    {
        // Arrange: California SB 53 (Transparency in Frontier AI Act, 2025) calls a foundation model
        // trained with more than 1e26 integer or floating-point operations (fine-tuning and later
        // modifications included) a frontier model, and requires its developer to publish a
        // transparency report before or when it deploys a new frontier model. Accord sees training
        // compute, not deployment, so the checkable form is a notice when a run crosses 1e26: with no
        // notified party (the report is published, not sent to a party), no lead time (AfterThreshold,
        // zero period: at the crossing at the latest, which is no later than deployment), not
        // anticipatory (the law does not ask for notice of runs merely expected to cross). The law
        // counts operations in any precision; the measure records the lab's own counting rule. What
        // the report must contain, and the "large frontier developer" revenue test, stay outside the
        // language.
        var draft = new CommitmentDraft(
            "lab-a",
            "SB 53 frontier model transparency",
            new NotifyTraining(
                ThresholdFlop: 1e26,
                NoticePeriod: TimeSpan.Zero,
                Timing: NoticeTiming.AfterThreshold,
                Anticipatory: false,
                NotifyPartyId: null,
                Measure: new ComputeMeasure(CountingBasis.Analytic, Precision.Bf16)),
            Condition: null);

        // Act
        var violations = CommitmentValidator.Validate(draft);
        var text = CommitmentText.Describe(draft.Terms);

        // Assert
        Assert.Empty(violations);
        Assert.Equal("Give notice when a run reaches 1e26 FLOP (BF16, analytic estimate)", text);
    }

    [Fact]
    public void DraftInternationalAgreement2025_BanBandAndClusterCap_AreExpressible()
    {
        // Arrange: the November 2025 draft international agreement, as three commitments a party
        // registers: no run above 1e24 FLOP; runs between 1e22 and 1e24 FLOP only on monitored
        // (enrolled, reporting) devices; and no cluster above 16 H100-equivalents in a facility that
        // is not monitored. Counting is from the chips' own monitoring reports.
        var measure = new ComputeMeasure(CountingBasis.EstimatedFromUtilization, Precision.Bf16);
        var drafts = new[]
        {
            new CommitmentDraft("lab-a", "No training run above 1e24 FLOP", new TrainingRunComputeCap(1e24, measure), null),
            new CommitmentDraft("lab-a", "Monitoring of runs from 1e22 to 1e24 FLOP", new MonitoredBand(1e22, 1e24), null),
            new CommitmentDraft(
                "lab-a",
                "At most 16 H100-equivalents outside monitored facilities",
                new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.UnmonitoredFacilities),
                null),
        };

        // Act
        var violations = drafts.SelectMany(CommitmentValidator.Validate).ToList();
        var texts = drafts.Select(d => CommitmentText.Describe(d.Terms)).ToArray();

        // Assert
        Assert.Empty(violations);
        Assert.Equal(
            [
                "No training run above 1e24 FLOP (BF16, estimated from utilization)",
                "Training runs between 1e22 and 1e24 FLOP use only monitored devices",
                "No cluster above 16 H100-equivalents (BF16) in unmonitored facilities",
            ],
            texts);
    }

    [Fact]
    public void LabFramework_PauseUntilSafeguardsAttested_IsExpressibleAndOnlyItsInspectorReleasesIt()
    {
        // Arrange: a frontier safety framework's "if a model reaches a capability threshold, pause
        // until the matching safeguards are in place". The trigger is recorded in words (Accord does
        // not evaluate capabilities); the release is an attestation by a named inspector that must
        // repeat the condition exactly. Scope 0 pauses every run.
        const string Condition = "ASL-3 safeguards are in place";
        var draft = new CommitmentDraft(
            "lab-a",
            "Pause at the ASL-3 capability threshold",
            new PauseWindow(
                ScopeMinFlop: 0,
                StartsAt: null,
                End: new PauseUntilAttested("aisi", Condition),
                Trigger: "a model reaches the ASL-3 capability threshold"),
            Condition: null);

        // Act
        var violations = CommitmentValidator.Validate(draft);
        var text = CommitmentText.Describe(draft.Terms);
        var byInspector = CommitmentLifecycle.CanAttest(draft.Terms, CommitmentStatus.Active, "aisi", Condition, out _);
        var byOther = CommitmentLifecycle.CanAttest(draft.Terms, CommitmentStatus.Active, "other-inspector", Condition, out _);
        var byLab = CommitmentLifecycle.CanAttest(draft.Terms, CommitmentStatus.Active, "lab-a", Condition, out _);
        var paraphrased = CommitmentLifecycle.CanAttest(draft.Terms, CommitmentStatus.Active, "aisi", "ASL-3 safeguards in place", out _);

        // Assert
        Assert.Empty(violations);
        Assert.Equal(
            "If a model reaches the ASL-3 capability threshold: pause all training runs from activation until aisi attests \"ASL-3 safeguards are in place\"",
            text);
        Assert.True(byInspector);
        Assert.False(byOther);
        Assert.False(byLab);
        Assert.False(paraphrased);
        Assert.Null(CommitmentSchedule.EndsAt(draft.Terms, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void DemoConditionalPause_SixMonthsOnceThreeLabsSign_IsExpressible()
    {
        // Arrange: the demo's pause. Each lab pauses runs above 1e26 FLOP for six months, but only once
        // lab-a, lab-b and lab-c have all signed the pause-2027 agreement.
        var condition = new ActivationCondition("pause-2027", new AllOfParties(["lab-a", "lab-b", "lab-c"]));
        var draft = new CommitmentDraft(
            "lab-a",
            "Six-month pause if all three labs sign",
            new PauseWindow(ScopeMinFlop: 1e26, StartsAt: null, End: new PauseForMonths(6), Trigger: null),
            condition);
        var activatedAt = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

        // Act
        var violations = CommitmentValidator.Validate(draft);
        var agreementViolations = ActivationConditions.ValidateAgainst(condition, ["lab-a", "lab-b", "lab-c"]);
        var metWithTwo = ActivationConditions.IsMet(condition, ["lab-a", "lab-b"]);
        var metWithThree = ActivationConditions.IsMet(condition, ["lab-a", "lab-b", "lab-c"]);

        // Assert
        Assert.Empty(violations);
        Assert.Empty(agreementViolations);
        Assert.Equal("Pause runs above 1e26 FLOP for 6 months from activation", CommitmentText.Describe(draft.Terms));
        Assert.Equal("when lab-a, lab-b, lab-c have signed pause-2027", CommitmentText.Describe(condition));
        Assert.False(metWithTwo);
        Assert.True(metWithThree);
        Assert.Equal(new DateTimeOffset(2027, 9, 1, 0, 0, 0, TimeSpan.Zero), CommitmentSchedule.EndsAt(draft.Terms, activatedAt));
    }
}
