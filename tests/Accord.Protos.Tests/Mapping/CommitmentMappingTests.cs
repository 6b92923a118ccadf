using Accord.Core.Commitments;
using Accord.Core.Registry;
using Accord.Protos.Mapping;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using V1 = Accord.Protos.V1;

namespace Accord.Protos.Tests.Mapping;

public sealed class CommitmentMappingTests
{
    private static readonly ComputeMeasure Measure = new(CountingBasis.HardwareCounters, Precision.Fp8);
    private static readonly DateTimeOffset Start = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly CommitmentTerms[] Kinds =
    [
        new TrainingRunComputeCap(1e24, Measure),
        new AggregateComputeCap(2.5e25, TimeSpan.FromDays(30), new ComputeMeasure(CountingBasis.Analytic, Precision.Tf32)),
        new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.UnmonitoredFacilities),
        new ClusterSizeCap(ClusterUnit.FlopPerSecond, 1.5e19, Precision.Int8, ClusterScope.AllFacilities),
        new PauseWindow(1e26, null, new PauseForMonths(6), null),
        new PauseWindow(1e25, Start, new PauseEndsAt(Start.AddYears(1).AddTicks(1)), "a trigger"),
        new PauseWindow(0, Start.ToOffset(TimeSpan.FromHours(5)), new PauseUntilAttested("aisi", "ASL-3 safeguards are in place"), null),
        new NotifyTraining(1e25, TimeSpan.FromDays(14), NoticeTiming.AfterThreshold, true, "eu-ai-office", new ComputeMeasure(CountingBasis.EstimatedFromUtilization, Precision.Fp32)),
        new NotifyTraining(1e26, TimeSpan.Zero, NoticeTiming.BeforeThreshold, false, null, new ComputeMeasure(CountingBasis.Analytic, Precision.Fp16)),
        new MonitoringCoverage(0.95, TimeSpan.FromMinutes(5)),
        new MonitoredBand(0, 1e24),
        new InspectionAccess(TimeSpan.FromHours(24), InspectionType.Challenge, 0),
        new InspectionAccess(TimeSpan.FromDays(30), InspectionType.Routine, 4),
    ];

    public static TheoryData<CommitmentTerms> EveryKind => new(Kinds);

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void ToDomain_ProtoOfEveryKind_RoundTripsThroughWireBytes(CommitmentTerms terms)
    {
        // Arrange
        var bytes = CommitmentMapping.ToProto(terms).ToByteArray();

        // Act
        var mapped = CommitmentMapping.ToDomain(V1.CommitmentTerms.Parser.ParseFrom(bytes));

        // Assert
        Assert.True(mapped.Ok, string.Join("; ", mapped.Violations));
        Assert.Equal(terms, mapped.Value);
        Assert.Equal(terms.Kind, mapped.Value!.Kind);
    }

    [Fact]
    public void ToProto_EveryKindCase_IsCoveredByTheRoundTripData()
    {
        var cases = Kinds.Select(row => CommitmentMapping.ToProto(row).KindCase).ToHashSet();

        Assert.Equal(System.Enum.GetValues<V1.CommitmentTerms.KindOneofCase>().Where(c => c != V1.CommitmentTerms.KindOneofCase.None).ToHashSet(), cases);
    }

    [Fact]
    public void ToDomain_NullTerms_IsUnknownOrMissingKind()
    {
        var mapped = CommitmentMapping.ToDomain((V1.CommitmentTerms?)null);

        Assert.False(mapped.Ok);
        Assert.Null(mapped.Value);
        Assert.Equal(new FieldViolation("terms", "unknown or missing commitment kind"), Assert.Single(mapped.Violations));
    }

    [Fact]
    public void ToDomain_NoKindSet_IsUnknownOrMissingKind()
    {
        var mapped = CommitmentMapping.ToDomain(new V1.CommitmentTerms());

        Assert.Equal(new FieldViolation("terms", "unknown or missing commitment kind"), Assert.Single(mapped.Violations));
    }

    [Fact]
    public void ToDomain_OnlyAnUnknownField_IsUnknownOrMissingKind()
    {
        // Arrange: field 99 (a kind from a newer contract), length-delimited, holding an empty message.
        byte[] bytes = [0x9a, 0x06, 0x00];
        var terms = V1.CommitmentTerms.Parser.ParseFrom(bytes);

        // Act
        var mapped = CommitmentMapping.ToDomain(terms);

        // Assert
        Assert.Equal(V1.CommitmentTerms.KindOneofCase.None, terms.KindCase);
        Assert.Equal(new FieldViolation("terms", "unknown or missing commitment kind"), Assert.Single(mapped.Violations));
    }

    [Fact]
    public void ToDomain_EmptyKindMessages_ReportMissingEnumsMeasuresAndDurations()
    {
        // Arrange: each kind set, with nothing inside it.
        var cases = new (V1.CommitmentTerms Terms, string[] Fields)[]
        {
            (new() { TrainingRunCap = new() }, ["terms.training_run_cap.measure"]),
            (new() { AggregateCap = new() }, ["terms.aggregate_cap.period", "terms.aggregate_cap.measure"]),
            (new() { ClusterSizeCap = new() }, ["terms.cluster_size_cap.limit", "terms.cluster_size_cap.precision", "terms.cluster_size_cap.scope"]),
            (new() { PauseWindow = new() }, ["terms.pause_window.end"]),
            (new() { NotifyTraining = new() }, ["terms.notify_training.notice_period", "terms.notify_training.timing", "terms.notify_training.measure"]),
            (new() { MonitoringCoverage = new() }, ["terms.monitoring_coverage.window"]),
            (new() { InspectionAccess = new() }, ["terms.inspection_access.notice_period", "terms.inspection_access.type"]),
        };

        foreach (var (terms, fields) in cases)
        {
            // Act
            var mapped = CommitmentMapping.ToDomain(terms);

            // Assert
            Assert.Null(mapped.Value);
            Assert.Equal(fields, mapped.Violations.Select(v => v.Field));
        }
    }

    [Fact]
    public void ToDomain_EmptyBand_MapsAndIsLeftToTheValidator()
    {
        // An empty band maps (its fields are plain doubles); the validator then refuses max 0.
        var mapped = CommitmentMapping.ToDomain(new V1.CommitmentTerms { MonitoredBand = new() });

        Assert.True(mapped.Ok);
        Assert.Equal("terms.monitored_band.max_flop", Assert.Single(CommitmentValidator.ValidateTerms(mapped.Value)).Field);
    }

    [Fact]
    public void ToDomain_UnspecifiedMeasureEnums_AreViolationsOnBasisAndPrecision()
    {
        var terms = new V1.CommitmentTerms { TrainingRunCap = new() { MaxFlop = 1e24, Measure = new() } };

        var mapped = CommitmentMapping.ToDomain(terms);

        Assert.Equal(["terms.training_run_cap.measure.basis", "terms.training_run_cap.measure.precision"], mapped.Violations.Select(v => v.Field));
        Assert.Contains("required", mapped.Violations[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDomain_EnumValuesFromANewerContract_AreViolationsNotExceptions()
    {
        // Arrange
        var terms = new V1.CommitmentTerms
        {
            NotifyTraining = new()
            {
                ThresholdFlop = 1e25,
                NoticePeriod = Duration.FromTimeSpan(TimeSpan.FromDays(14)),
                Timing = (V1.NoticeTiming)42,
                Measure = new() { Basis = (V1.CountingBasis)42, Precision = (V1.Precision)42 },
            },
        };
        var reparsed = V1.CommitmentTerms.Parser.ParseFrom(terms.ToByteArray());

        // Act
        var mapped = CommitmentMapping.ToDomain(reparsed);

        // Assert
        Assert.Equal(
            ["terms.notify_training.timing", "terms.notify_training.measure.basis", "terms.notify_training.measure.precision"],
            mapped.Violations.Select(v => v.Field));
        Assert.All(mapped.Violations, v => Assert.Contains("unknown", v.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void ToDomain_MalformedDurationAndTimestamp_AreViolationsNotExceptions()
    {
        // Arrange: nanos of the wrong sign, and a timestamp before year 1.
        var aggregate = new V1.CommitmentTerms
        {
            AggregateCap = new() { MaxFlop = 1e25, Period = new Duration { Seconds = 3600, Nanos = -5 }, Measure = CommitmentMapping.ToProto(Measure) },
        };
        var pause = new V1.CommitmentTerms
        {
            PauseWindow = new() { ScopeMinFlop = 1e26, StartsAt = new Timestamp { Seconds = -62135596801 }, EndsAt = new Timestamp { Seconds = 1, Nanos = 2_000_000_000 } },
        };

        // Act
        var aggregateMapped = CommitmentMapping.ToDomain(aggregate);
        var pauseMapped = CommitmentMapping.ToDomain(pause);

        // Assert
        Assert.Equal("terms.aggregate_cap.period", Assert.Single(aggregateMapped.Violations).Field);
        Assert.Equal(["terms.pause_window.starts_at", "terms.pause_window.ends_at"], pauseMapped.Violations.Select(v => v.Field));
    }

    [Fact]
    public void ToDomain_OversizedCounts_AreViolationsNotOverflows()
    {
        var pause = new V1.CommitmentTerms { PauseWindow = new() { ScopeMinFlop = 1e26, DurationMonths = uint.MaxValue } };
        var inspection = new V1.CommitmentTerms
        {
            InspectionAccess = new() { NoticePeriod = new Duration(), Type = V1.InspectionType.Routine, MaxPerYear = uint.MaxValue },
        };

        Assert.Equal("terms.pause_window.duration_months", Assert.Single(CommitmentMapping.ToDomain(pause).Violations).Field);
        Assert.Equal("terms.inspection_access.max_per_year", Assert.Single(CommitmentMapping.ToDomain(inspection).Violations).Field);
    }

    [Fact]
    public void ToDomain_ZeroMonthsExplicitlySet_MapsAndTheValidatorRefusesIt()
    {
        var terms = V1.CommitmentTerms.Parser.ParseFrom(new V1.CommitmentTerms { PauseWindow = new() { ScopeMinFlop = 1e26, DurationMonths = 0 } }.ToByteArray());

        var mapped = CommitmentMapping.ToDomain(terms);

        Assert.Equal(new PauseForMonths(0), ((PauseWindow)mapped.Value!).End);
        Assert.Equal("terms.pause_window.duration_months", Assert.Single(CommitmentValidator.ValidateTerms(mapped.Value)).Field);
    }

    [Fact]
    public void ToDomain_RandomBytes_NeverThrow()
    {
        // Arrange
        var random = new Random(20251105);
        var buffer = new byte[64];

        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            V1.CommitmentStatement statement;
            try
            {
                statement = V1.CommitmentStatement.Parser.ParseFrom(buffer.AsSpan(0, random.Next(buffer.Length)));
            }
            catch (InvalidProtocolBufferException)
            {
                continue;
            }

            // Act / Assert: whatever parses maps to a value or to violations.
            var draft = CommitmentMapping.ToDraft(statement);
            Assert.True(draft.Ok || draft.Violations.Count > 0);
        }
    }

    [Fact]
    public void ToDomain_ConditionOfEachRule_RoundTrips()
    {
        var conditions = new[]
        {
            new ActivationCondition("pause-2027", new AllOfParties(["lab-a", "lab-b", "lab-c"])),
            new ActivationCondition("pause-2027", new AtLeastParties(2)),
        };

        foreach (var condition in conditions)
        {
            var mapped = CommitmentMapping.ToDomain(V1.ActivationCondition.Parser.ParseFrom(CommitmentMapping.ToProto(condition).ToByteArray()));

            Assert.True(mapped.Ok);
            Assert.Equal(condition, mapped.Value);
        }
    }

    [Fact]
    public void ToDomain_NullCondition_IsNoValueAndNoViolations()
    {
        var mapped = CommitmentMapping.ToDomain((V1.ActivationCondition?)null);

        Assert.Null(mapped.Value);
        Assert.Empty(mapped.Violations);
    }

    [Fact]
    public void ToDomain_ConditionWithoutRule_IsViolationOnRule()
    {
        var mapped = CommitmentMapping.ToDomain(new V1.ActivationCondition { AgreementId = "pause-2027" });

        Assert.Equal("condition.rule", Assert.Single(mapped.Violations).Field);
    }

    [Fact]
    public void ToDomain_ConditionThresholdBeyondInt_IsViolation()
    {
        var mapped = CommitmentMapping.ToDomain(new V1.ActivationCondition { AgreementId = "pause-2027", Threshold = uint.MaxValue });

        Assert.Equal("condition.threshold", Assert.Single(mapped.Violations).Field);
    }

    [Fact]
    public void ToDraft_ValidStatement_MapsEveryPart()
    {
        // Arrange
        var statement = Statement();

        // Act
        var mapped = CommitmentMapping.ToDraft(statement);

        // Assert
        Assert.True(mapped.Ok, string.Join("; ", mapped.Violations));
        Assert.Equal(
            new CommitmentDraft(
                "lab-a",
                "Six-month pause if all three labs sign",
                new PauseWindow(1e26, null, new PauseForMonths(6), null),
                new ActivationCondition("pause-2027", new AllOfParties(["lab-a", "lab-b", "lab-c"]))),
            mapped.Value);
    }

    [Fact]
    public void ToDraft_WithoutCondition_IsUnconditional()
    {
        var statement = Statement();
        statement.Condition = null;

        var mapped = CommitmentMapping.ToDraft(statement);

        Assert.True(mapped.Ok);
        Assert.Null(mapped.Value!.Condition);
    }

    [Fact]
    public void ToDraft_MappingAndValidationProblems_AreAllReportedTogether()
    {
        // Arrange
        var statement = Statement();
        statement.Header = null;
        statement.Title = "";
        statement.Terms = new V1.CommitmentTerms();
        statement.Condition = new V1.ActivationCondition { AgreementId = "Pause 2027", Threshold = 0 };

        // Act
        var mapped = CommitmentMapping.ToDraft(statement);

        // Assert
        Assert.Null(mapped.Value);
        Assert.Equal(
            ["header.party_id", "title", "terms", "condition.agreement_id", "condition.threshold"],
            mapped.Violations.Select(v => v.Field));
    }

    [Fact]
    public void ToDraft_ValidShapeOutOfRange_ReportsTheValidatorsViolation()
    {
        var statement = Statement();
        statement.Terms.PauseWindow.ScopeMinFlop = double.NaN;

        var mapped = CommitmentMapping.ToDraft(statement);

        Assert.False(mapped.Ok);
        Assert.Null(mapped.Value);
        Assert.Equal("terms.pause_window.scope_min_flop", Assert.Single(mapped.Violations).Field);
    }

    [Theory]
    [InlineData(CommitmentStatus.Pending, V1.CommitmentStatus.Pending)]
    [InlineData(CommitmentStatus.Active, V1.CommitmentStatus.Active)]
    [InlineData(CommitmentStatus.Withdrawn, V1.CommitmentStatus.Withdrawn)]
    [InlineData(CommitmentStatus.Fulfilled, V1.CommitmentStatus.Fulfilled)]
    [InlineData(CommitmentStatus.Breached, V1.CommitmentStatus.Breached)]
    public void ToProto_EveryStatus_MapsOneToOneAndBack(CommitmentStatus status, V1.CommitmentStatus expected)
    {
        Assert.Equal(expected, CommitmentMapping.ToProto(status));
        Assert.Equal(status, CommitmentMapping.ToDomain(expected));
    }

    [Fact]
    public void ToDomain_UnspecifiedStatus_IsNull()
    {
        Assert.Null(CommitmentMapping.ToDomain(V1.CommitmentStatus.Unspecified));
    }

    private static V1.CommitmentStatement Statement() => new()
    {
        Header = new V1.RequestHeader { PartyId = "lab-a", IssuedAt = Timestamp.FromDateTimeOffset(Start), Nonce = "0123456789abcdef" },
        Title = "Six-month pause if all three labs sign",
        Terms = new V1.CommitmentTerms { PauseWindow = new() { ScopeMinFlop = 1e26, DurationMonths = 6 } },
        Condition = new V1.ActivationCondition { AgreementId = "pause-2027", Parties = new() { PartyIds = { "lab-a", "lab-b", "lab-c" } } },
    };
}
