using Accord.Core.Commitments;
using Accord.Core.Registry;

namespace Accord.Core.Tests.Commitments;

public sealed class CommitmentValidatorTests
{
    public static TheoryData<CommitmentTerms> ValidKinds => new(Samples.AllKinds);

    /// <summary>Every FLOP field, by its proto path.</summary>
    public static TheoryData<string> FlopFields => new(
        "terms.training_run_cap.max_flop",
        "terms.aggregate_cap.max_flop",
        "terms.notify_training.threshold_flop",
        "terms.monitored_band.max_flop",
        "terms.pause_window.scope_min_flop",
        "terms.monitored_band.min_flop",
        "terms.cluster_size_cap.max_h100_equivalents",
        "terms.cluster_size_cap.max_flop_per_second");

    public static TheoryData<string, double> BadFlop
    {
        get
        {
            var data = new TheoryData<string, double>();
            foreach (var flopField in FlopFields)
            {
                foreach (var value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, -1e26, 1.0000001e40, double.MaxValue })
                {
                    data.Add(flopField, value);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ValidKinds))]
    public void Validate_ValidSampleOfEachKind_HasNoViolations(CommitmentTerms terms)
    {
        var violations = CommitmentValidator.Validate(Samples.Draft(terms, Samples.AllOfThree));

        Assert.Empty(violations);
    }

    [Theory]
    [MemberData(nameof(BadFlop))]
    public void Validate_NonFiniteNegativeOrHugeFlop_IsRefusedOnThatField(string field, double value)
    {
        // Arrange
        var draft = Samples.Draft(WithFlop(field, value));

        // Act
        var violations = CommitmentValidator.Validate(draft);

        // Assert
        Assert.Equal(field, Assert.Single(violations).Field);
    }

    [Theory]
    [InlineData("terms.training_run_cap.max_flop")]
    [InlineData("terms.aggregate_cap.max_flop")]
    [InlineData("terms.notify_training.threshold_flop")]
    [InlineData("terms.cluster_size_cap.max_h100_equivalents")]
    [InlineData("terms.cluster_size_cap.max_flop_per_second")]
    public void Validate_ZeroWherePositiveRequired_IsRefused(string field)
    {
        var violations = CommitmentValidator.Validate(Samples.Draft(WithFlop(field, 0)));

        Assert.Equal(field, Assert.Single(violations).Field);
    }

    [Theory]
    [MemberData(nameof(FlopFields))]
    public void Validate_UpperSanityBoundExactly_IsAccepted(string field)
    {
        // A band whose upper bound is the limit needs a lower bound under it; every other field stands alone.
        var terms = field == "terms.monitored_band.min_flop" ? new MonitoredBand(1e39, 1e40) : WithFlop(field, CommitmentLimits.MaxFlop);

        Assert.Empty(CommitmentValidator.Validate(Samples.Draft(terms)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e20)]
    public void Validate_PauseScopeZeroOrPositive_IsAccepted(double scope)
    {
        var terms = Samples.PauseForMonths with { ScopeMinFlop = scope };

        Assert.Empty(CommitmentValidator.Validate(Samples.Draft(terms)));
    }

    [Theory]
    [InlineData(0.0, 1e24, true)]
    [InlineData(1e22, 1e24, true)]
    [InlineData(1e22, 1.0000000000000002e22, true)]
    [InlineData(1e22, 1e22, false)]
    [InlineData(1e24, 1e22, false)]
    public void Validate_BandBounds_AcceptedOnlyWhenMaxAboveMin(double min, double max, bool ok)
    {
        var violations = CommitmentValidator.Validate(Samples.Draft(new MonitoredBand(min, max)));

        if (ok)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal("terms.monitored_band.max_flop", Assert.Single(violations).Field);
        }
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.5, true)]
    [InlineData(1e-9, true)]
    [InlineData(0.0, false)]
    [InlineData(-0.5, false)]
    [InlineData(1.0000001, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void Validate_CoverageShare_AcceptedOnlyInHalfOpenUnitInterval(double share, bool ok)
    {
        var violations = CommitmentValidator.Validate(Samples.Draft(Samples.MonitoringCoverage with { MinShare = share }));

        AssertOutcome(violations, ok, "terms.monitoring_coverage.min_share");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(6, true)]
    [InlineData(600, true)]
    [InlineData(601, false)]
    [InlineData(-1, false)]
    public void Validate_PauseMonths_AcceptedFromOneToSixHundred(int months, bool ok)
    {
        var violations = CommitmentValidator.Validate(Samples.Draft(Samples.PauseForMonths with { End = new PauseForMonths(months) }));

        AssertOutcome(violations, ok, "terms.pause_window.duration_months");
    }

    [Fact]
    public void Validate_PauseMonthsPastYear9999_IsRefused()
    {
        var terms = Samples.PauseForMonths with { StartsAt = new DateTimeOffset(9999, 6, 1, 0, 0, 0, TimeSpan.Zero), End = new PauseForMonths(12) };

        var violations = CommitmentValidator.Validate(Samples.Draft(terms));

        Assert.Equal("terms.pause_window.duration_months", Assert.Single(violations).Field);
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, false)]
    [InlineData(1L, true)]
    [InlineData(TimeSpan.TicksPerDay, true)]
    public void Validate_WindowEndRelativeToStart_AcceptedOnlyWhenAfter(long ticksAfterStart, bool ok)
    {
        var terms = Samples.PauseEndsAt with { End = new PauseEndsAt(Samples.Start.AddTicks(ticksAfterStart)) };

        var violations = CommitmentValidator.Validate(Samples.Draft(terms));

        AssertOutcome(violations, ok, "terms.pause_window.ends_at");
    }

    [Fact]
    public void Validate_WindowEndAtSameInstantInAnotherOffset_IsRefused()
    {
        var sameInstant = Samples.Start.ToOffset(TimeSpan.FromHours(2));
        var terms = Samples.PauseEndsAt with { End = new PauseEndsAt(sameInstant) };

        var violations = CommitmentValidator.Validate(Samples.Draft(terms));

        Assert.Equal("terms.pause_window.ends_at", Assert.Single(violations).Field);
    }

    [Fact]
    public void Validate_FixedEndWithoutStart_IsAccepted()
    {
        var terms = Samples.PauseEndsAt with { StartsAt = null };

        Assert.Empty(CommitmentValidator.Validate(Samples.Draft(terms)));
    }

    [Theory]
    [InlineData("", "ok", "terms.pause_window.until_attested.inspector_party_id")]
    [InlineData("AISI", "ok", "terms.pause_window.until_attested.inspector_party_id")]
    [InlineData("-aisi", "ok", "terms.pause_window.until_attested.inspector_party_id")]
    [InlineData("aisi", "", "terms.pause_window.until_attested.condition")]
    [InlineData("aisi", "   ", "terms.pause_window.until_attested.condition")]
    [InlineData("aisi", "line\nbreak", "terms.pause_window.until_attested.condition")]
    public void Validate_BadAttestedCondition_IsRefusedOnThatField(string inspector, string condition, string field)
    {
        var terms = Samples.PauseUntilAttested with { End = new PauseUntilAttested(inspector, condition) };

        var violations = CommitmentValidator.Validate(Samples.Draft(terms));

        Assert.Equal(field, Assert.Single(violations).Field);
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void Validate_ConditionLength_AcceptedUpToOneThousand(int length, bool ok)
    {
        var terms = Samples.PauseUntilAttested with { End = new PauseUntilAttested("aisi", new string('c', length)) };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(terms)), ok, "terms.pause_window.until_attested.condition");
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("two\nlines", false)]
    [InlineData("a model reaches ASL-3", true)]
    public void Validate_Trigger_MustBeAOneLineTextWhenSet(string trigger, bool ok)
    {
        var terms = Samples.PauseUntilAttested with { Trigger = trigger };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(terms)), ok, "terms.pause_window.trigger");
    }

    [Fact]
    public void Validate_PauseWithoutEnd_IsRefusedOnEnd()
    {
        var terms = Samples.PauseForMonths with { End = null! };

        Assert.Equal("terms.pause_window.end", Assert.Single(CommitmentValidator.Validate(Samples.Draft(terms))).Field);
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, true)]
    [InlineData(1L, true)]
    public void Validate_NoticePeriodSign_NegativeRefused(long ticks, bool ok)
    {
        var notify = Samples.NotifyTraining with { NoticePeriod = TimeSpan.FromTicks(ticks) };
        var inspection = Samples.InspectionAccess with { NoticePeriod = TimeSpan.FromTicks(ticks) };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(notify)), ok, "terms.notify_training.notice_period");
        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(inspection)), ok, "terms.inspection_access.notice_period");
    }

    [Theory]
    [InlineData(0L, true)]
    [InlineData(1L, false)]
    public void Validate_NoticePeriodAtAndPastMaximum_OnlyMaximumAccepted(long extraTicks, bool ok)
    {
        var notify = Samples.NotifyTraining with { NoticePeriod = CommitmentLimits.MaxNoticePeriod + TimeSpan.FromTicks(extraTicks) };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(notify)), ok, "terms.notify_training.notice_period");
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, true)]
    public void Validate_AggregatePeriodAroundOneHour_OneHourAccepted(long ticksFromOneHour, bool ok)
    {
        var terms = Samples.AggregateCap with { Period = TimeSpan.FromHours(1) + TimeSpan.FromTicks(ticksFromOneHour) };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(terms)), ok, "terms.aggregate_cap.period");
    }

    [Theory]
    [InlineData(0L, true)]
    [InlineData(1L, false)]
    public void Validate_AggregatePeriodAroundMaximum_MaximumAccepted(long extraTicks, bool ok)
    {
        var terms = Samples.AggregateCap with { Period = CommitmentLimits.MaxAggregatePeriod + TimeSpan.FromTicks(extraTicks) };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(terms)), ok, "terms.aggregate_cap.period");
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    public void Validate_MonitoringWindowAroundOneMinute_OneMinuteAccepted(int seconds, bool ok)
    {
        var terms = Samples.MonitoringCoverage with { Window = TimeSpan.FromSeconds(seconds) };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(terms)), ok, "terms.monitoring_coverage.window");
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void Validate_InspectionsPerYear_AcceptedFromZeroToOneThousand(int maxPerYear, bool ok)
    {
        var terms = Samples.InspectionAccess with { MaxPerYear = maxPerYear };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(terms)), ok, "terms.inspection_access.max_per_year");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("eu-ai-office", true)]
    [InlineData("", false)]
    [InlineData("EU AI Office", false)]
    public void Validate_NotifyPartyId_NullOrSlugAccepted(string? notify, bool ok)
    {
        var terms = Samples.NotifyTraining with { NotifyPartyId = notify };

        AssertOutcome(CommitmentValidator.Validate(Samples.Draft(terms)), ok, "terms.notify_training.notify_party_id");
    }

    [Fact]
    public void Validate_UndefinedEnumValues_AreRefusedOnTheirFields()
    {
        // Arrange
        var measure = new ComputeMeasure((CountingBasis)42, (Precision)99);
        var drafts = new (CommitmentTerms Terms, string[] Fields)[]
        {
            (new TrainingRunComputeCap(1e24, measure), ["terms.training_run_cap.measure.basis", "terms.training_run_cap.measure.precision"]),
            (Samples.ClusterSizeCap with { Unit = (ClusterUnit)7 }, ["terms.cluster_size_cap.limit"]),
            (Samples.ClusterSizeCap with { Precision = (Precision)7, Scope = (ClusterScope)7 }, ["terms.cluster_size_cap.precision", "terms.cluster_size_cap.scope"]),
            (Samples.NotifyTraining with { Timing = (NoticeTiming)7 }, ["terms.notify_training.timing"]),
            (Samples.InspectionAccess with { Type = (InspectionType)7 }, ["terms.inspection_access.type"]),
        };

        foreach (var (terms, fields) in drafts)
        {
            // Act
            var violations = CommitmentValidator.Validate(Samples.Draft(terms));

            // Assert
            Assert.Equal(fields, violations.Select(v => v.Field));
        }
    }

    [Fact]
    public void Validate_MissingMeasure_IsRefusedOnMeasure()
    {
        var violations = CommitmentValidator.Validate(Samples.Draft(new TrainingRunComputeCap(1e24, null!)));

        Assert.Equal("terms.training_run_cap.measure", Assert.Single(violations).Field);
    }

    [Fact]
    public void Validate_MissingTerms_IsRefusedOnTerms()
    {
        var violation = Assert.Single(CommitmentValidator.Validate(Samples.Draft(null!)));

        Assert.Equal(new FieldViolation("terms", "unknown or missing commitment kind"), violation);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    [InlineData(0, false)]
    public void Validate_TitleLength_AcceptedFromOneToTwoHundred(int length, bool ok)
    {
        var draft = Samples.Draft(Samples.TrainingRunCap) with { Title = new string('t', length) };

        AssertOutcome(CommitmentValidator.Validate(draft), ok, "title");
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    public void Validate_BlankOrMultilineTitle_IsRefused(string title)
    {
        var draft = Samples.Draft(Samples.TrainingRunCap) with { Title = title };

        Assert.Equal("title", Assert.Single(CommitmentValidator.Validate(draft)).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Lab-A")]
    [InlineData("lab a")]
    public void Validate_InvalidPartyId_IsRefusedOnHeaderPartyId(string partyId)
    {
        var draft = Samples.Draft(Samples.TrainingRunCap) with { PartyId = partyId };

        Assert.Equal("header.party_id", Assert.Single(CommitmentValidator.Validate(draft)).Field);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var draft = new CommitmentDraft("", "", new MonitoredBand(double.NaN, -1), new ActivationCondition("", new AtLeastParties(0)));

        var violations = CommitmentValidator.Validate(draft);

        Assert.Equal(
            ["header.party_id", "title", "terms.monitored_band.min_flop", "terms.monitored_band.max_flop", "condition.agreement_id", "condition.threshold"],
            violations.Select(v => v.Field));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_ConditionThreshold_AcceptedFromOneToHundred(int k, bool ok)
    {
        var draft = Samples.Draft(Samples.PauseForMonths, new ActivationCondition("pause-2027", new AtLeastParties(k)));

        AssertOutcome(CommitmentValidator.Validate(draft), ok, "condition.threshold");
    }

    [Fact]
    public void Validate_ConditionWithNoParties_IsRefused()
    {
        var draft = Samples.Draft(Samples.PauseForMonths, new ActivationCondition("pause-2027", new AllOfParties([])));

        Assert.Equal("condition.parties.party_ids", Assert.Single(CommitmentValidator.Validate(draft)).Field);
    }

    [Fact]
    public void Validate_ConditionNamingAPartyTwice_IsRefusedOnTheRepeat()
    {
        var draft = Samples.Draft(Samples.PauseForMonths, new ActivationCondition("pause-2027", new AllOfParties(["lab-a", "lab-b", "lab-a"])));

        Assert.Equal("condition.parties.party_ids[2]", Assert.Single(CommitmentValidator.Validate(draft)).Field);
    }

    [Fact]
    public void Validate_ConditionWithInvalidIds_IsRefusedOnEach()
    {
        var draft = Samples.Draft(Samples.PauseForMonths, new ActivationCondition("Pause 2027", new AllOfParties(["lab-a", "LAB-B"])));

        Assert.Equal(["condition.agreement_id", "condition.parties.party_ids[1]"], CommitmentValidator.Validate(draft).Select(v => v.Field));
    }

    [Fact]
    public void Validate_ConditionWithoutRequirement_IsRefusedOnRule()
    {
        var draft = Samples.Draft(Samples.PauseForMonths, new ActivationCondition("pause-2027", null!));

        Assert.Equal("condition.rule", Assert.Single(CommitmentValidator.Validate(draft)).Field);
    }

    private static void AssertOutcome(IReadOnlyList<FieldViolation> violations, bool ok, string field)
    {
        if (ok)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal(field, Assert.Single(violations).Field);
        }
    }

    private static CommitmentTerms WithFlop(string field, double value) => field switch
    {
        "terms.training_run_cap.max_flop" => Samples.TrainingRunCap with { MaxFlop = value },
        "terms.aggregate_cap.max_flop" => Samples.AggregateCap with { MaxFlop = value },
        "terms.notify_training.threshold_flop" => Samples.NotifyTraining with { ThresholdFlop = value },
        "terms.monitored_band.max_flop" => new MonitoredBand(0, value),
        "terms.monitored_band.min_flop" => new MonitoredBand(value, CommitmentLimits.MaxFlop),
        "terms.pause_window.scope_min_flop" => Samples.PauseForMonths with { ScopeMinFlop = value },
        "terms.cluster_size_cap.max_h100_equivalents" => Samples.ClusterSizeCap with { Limit = value },
        "terms.cluster_size_cap.max_flop_per_second" => Samples.ClusterSizeCap with { Unit = ClusterUnit.FlopPerSecond, Limit = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
