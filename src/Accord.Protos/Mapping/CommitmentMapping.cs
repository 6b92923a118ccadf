using Accord.Core.Commitments;
using Accord.Core.Registry;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Protos.Mapping;

/// <summary>
/// Maps the commitment language between <c>accord.v1</c> messages and <c>Accord.Core.Commitments</c>.
/// Proto to domain never throws: a missing kind, an unset or unknown enum, a missing duration or
/// timestamp each become a <see cref="FieldViolation"/> named by proto field path. Domain to proto
/// expects valid domain values.
/// </summary>
public static class CommitmentMapping
{
    private const string UnknownKind = "unknown or missing commitment kind";

    /// <summary>
    /// The domain terms of <paramref name="terms"/>, or violations. Only the shape is checked here;
    /// ranges are <see cref="CommitmentValidator"/>'s job (<see cref="ToDraft"/> runs both).
    /// </summary>
    public static Mapped<CommitmentTerms> ToDomain(V1.CommitmentTerms? terms)
    {
        var v = new List<FieldViolation>();
        CommitmentTerms? result = terms?.KindCase switch
        {
            V1.CommitmentTerms.KindOneofCase.TrainingRunCap => Map(terms.TrainingRunCap, v),
            V1.CommitmentTerms.KindOneofCase.AggregateCap => Map(terms.AggregateCap, v),
            V1.CommitmentTerms.KindOneofCase.ClusterSizeCap => Map(terms.ClusterSizeCap, v),
            V1.CommitmentTerms.KindOneofCase.PauseWindow => Map(terms.PauseWindow, v),
            V1.CommitmentTerms.KindOneofCase.NotifyTraining => Map(terms.NotifyTraining, v),
            V1.CommitmentTerms.KindOneofCase.MonitoringCoverage => Map(terms.MonitoringCoverage, v),
            V1.CommitmentTerms.KindOneofCase.MonitoredBand => new MonitoredBand(terms.MonitoredBand.MinFlop, terms.MonitoredBand.MaxFlop),
            V1.CommitmentTerms.KindOneofCase.InspectionAccess => Map(terms.InspectionAccess, v),
            _ => null,
        };
        if (result is null && v.Count == 0)
        {
            v.Add(new("terms", UnknownKind));
        }

        return Mapped.From(result, v);
    }

    /// <summary>
    /// The domain condition of <paramref name="condition"/>, or violations under <c>condition.</c>.
    /// A null (absent) condition maps to a null value with no violations: the commitment is
    /// unconditional. Check <see cref="Mapped{T}.Violations"/>, not <see cref="Mapped{T}.Ok"/>, here.
    /// </summary>
    public static Mapped<ActivationCondition> ToDomain(V1.ActivationCondition? condition)
    {
        var v = new List<FieldViolation>();
        if (condition is null)
        {
            return Mapped.From<ActivationCondition>(null, v);
        }

        ActivationRequirement? requirement = null;
        switch (condition.RuleCase)
        {
            case V1.ActivationCondition.RuleOneofCase.Parties:
                requirement = new AllOfParties(condition.Parties.PartyIds.ToArray());
                break;
            case V1.ActivationCondition.RuleOneofCase.Threshold:
                if (ProtoValues.ToInt(condition.Threshold, "condition.threshold", v) is { } k)
                {
                    requirement = new AtLeastParties(k);
                }

                break;
            default:
                v.Add(new("condition.rule", "set either parties or threshold"));
                break;
        }

        return Mapped.From(requirement is null ? null : new ActivationCondition(condition.AgreementId, requirement), v);
    }

    /// <summary>
    /// The draft a signed <see cref="V1.CommitmentStatement"/> states, mapped and then checked by
    /// <see cref="CommitmentValidator"/>; the party is <c>header.party_id</c>. Every violation found is
    /// reported at once.
    /// </summary>
    public static Mapped<CommitmentDraft> ToDraft(V1.CommitmentStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var v = new List<FieldViolation>();
        var partyId = statement.Header?.PartyId ?? string.Empty;
        v.AddRange(CommitmentValidator.ValidatePartyAndTitle(partyId, statement.Title));

        var terms = ToDomain(statement.Terms);
        v.AddRange(terms.Violations);
        if (terms.Value is not null)
        {
            v.AddRange(CommitmentValidator.ValidateTerms(terms.Value));
        }

        var condition = ToDomain(statement.Condition);
        v.AddRange(condition.Violations);
        if (condition.Value is not null)
        {
            v.AddRange(CommitmentValidator.ValidateCondition(condition.Value));
        }

        var draft = terms.Value is null ? null : new CommitmentDraft(partyId, statement.Title, terms.Value, condition.Value);
        return Mapped.From(draft, v);
    }

    /// <summary>The proto form of <paramref name="terms"/>.</summary>
    public static V1.CommitmentTerms ToProto(CommitmentTerms terms) => terms switch
    {
        TrainingRunComputeCap t => new() { TrainingRunCap = new() { MaxFlop = t.MaxFlop, Measure = ToProto(t.Measure) } },
        AggregateComputeCap t => new()
        {
            AggregateCap = new() { MaxFlop = t.MaxFlop, Period = Duration.FromTimeSpan(t.Period), Measure = ToProto(t.Measure) },
        },
        ClusterSizeCap t => new() { ClusterSizeCap = ToProto(t) },
        PauseWindow t => new() { PauseWindow = ToProto(t) },
        NotifyTraining t => new()
        {
            NotifyTraining = new()
            {
                ThresholdFlop = t.ThresholdFlop,
                NoticePeriod = Duration.FromTimeSpan(t.NoticePeriod),
                Timing = ToProto(t.Timing),
                Anticipatory = t.Anticipatory,
                NotifyPartyId = t.NotifyPartyId ?? string.Empty,
                Measure = ToProto(t.Measure),
            },
        },
        MonitoringCoverage t => new() { MonitoringCoverage = new() { MinShare = t.MinShare, Window = Duration.FromTimeSpan(t.Window) } },
        MonitoredBand t => new() { MonitoredBand = new() { MinFlop = t.MinFlop, MaxFlop = t.MaxFlop } },
        InspectionAccess t => new()
        {
            InspectionAccess = new()
            {
                NoticePeriod = Duration.FromTimeSpan(t.NoticePeriod),
                Type = t.Type switch
                {
                    InspectionType.Routine => V1.InspectionType.Routine,
                    InspectionType.Challenge => V1.InspectionType.Challenge,
                    _ => throw new ArgumentOutOfRangeException(nameof(terms), t.Type, "unknown inspection type"),
                },
                MaxPerYear = ToUInt(t.MaxPerYear, nameof(terms)),
            },
        },
        null => throw new ArgumentNullException(nameof(terms)),
        _ => throw new ArgumentException($"unknown commitment kind {terms.GetType().Name}", nameof(terms)),
    };

    /// <summary>The proto form of <paramref name="condition"/>.</summary>
    public static V1.ActivationCondition ToProto(ActivationCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var proto = new V1.ActivationCondition { AgreementId = condition.AgreementId };
        switch (condition.Requirement)
        {
            case AllOfParties all:
                proto.Parties = new V1.PartySet();
                proto.Parties.PartyIds.AddRange(all.PartyIds);
                break;
            case AtLeastParties atLeast:
                proto.Threshold = ToUInt(atLeast.K, nameof(condition));
                break;
            default:
                throw new ArgumentException("unknown activation requirement", nameof(condition));
        }

        return proto;
    }

    /// <summary>The proto form of <paramref name="status"/>.</summary>
    public static V1.CommitmentStatus ToProto(CommitmentStatus status) => status switch
    {
        CommitmentStatus.Pending => V1.CommitmentStatus.Pending,
        CommitmentStatus.Active => V1.CommitmentStatus.Active,
        CommitmentStatus.Withdrawn => V1.CommitmentStatus.Withdrawn,
        CommitmentStatus.Fulfilled => V1.CommitmentStatus.Fulfilled,
        CommitmentStatus.Breached => V1.CommitmentStatus.Breached,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown commitment status"),
    };

    /// <summary>The domain form of <paramref name="status"/>; null when unspecified or unknown.</summary>
    public static CommitmentStatus? ToDomain(V1.CommitmentStatus status) => status switch
    {
        V1.CommitmentStatus.Pending => CommitmentStatus.Pending,
        V1.CommitmentStatus.Active => CommitmentStatus.Active,
        V1.CommitmentStatus.Withdrawn => CommitmentStatus.Withdrawn,
        V1.CommitmentStatus.Fulfilled => CommitmentStatus.Fulfilled,
        V1.CommitmentStatus.Breached => CommitmentStatus.Breached,
        _ => null,
    };

    /// <summary>The proto form of <paramref name="measure"/>.</summary>
    public static V1.ComputeMeasure ToProto(ComputeMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        return new()
        {
            Basis = measure.Basis switch
            {
                CountingBasis.EstimatedFromUtilization => V1.CountingBasis.EstimatedFromUtilization,
                CountingBasis.HardwareCounters => V1.CountingBasis.HardwareCounters,
                CountingBasis.Analytic => V1.CountingBasis.Analytic,
                _ => throw new ArgumentOutOfRangeException(nameof(measure), measure.Basis, "unknown counting basis"),
            },
            Precision = ToProto(measure.Precision),
        };
    }

    /// <summary>The proto form of <paramref name="precision"/>.</summary>
    /// <summary>The domain precision, or null when unspecified or unknown.</summary>
    public static Precision? ToDomain(V1.Precision precision) => precision == V1.Precision.Unspecified ? null : Map(precision, "precision", []);

    public static V1.Precision ToProto(Precision precision) => precision switch
    {
        Precision.Fp32 => V1.Precision.Fp32,
        Precision.Tf32 => V1.Precision.Tf32,
        Precision.Bf16 => V1.Precision.Bf16,
        Precision.Fp16 => V1.Precision.Fp16,
        Precision.Fp8 => V1.Precision.Fp8,
        Precision.Int8 => V1.Precision.Int8,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    private static TrainingRunComputeCap? Map(V1.TrainingRunComputeCap t, List<FieldViolation> v)
    {
        var measure = Map(t.Measure, "terms.training_run_cap.measure", v);
        return measure is null ? null : new TrainingRunComputeCap(t.MaxFlop, measure);
    }

    private static AggregateComputeCap? Map(V1.AggregateComputeCap t, List<FieldViolation> v)
    {
        var period = ProtoValues.ToTimeSpan(t.Period, "terms.aggregate_cap.period", v);
        var measure = Map(t.Measure, "terms.aggregate_cap.measure", v);
        return period is { } p && measure is not null ? new AggregateComputeCap(t.MaxFlop, p, measure) : null;
    }

    private static ClusterSizeCap? Map(V1.ClusterSizeCap t, List<FieldViolation> v)
    {
        (ClusterUnit Unit, double Limit)? limit = t.LimitCase switch
        {
            V1.ClusterSizeCap.LimitOneofCase.MaxH100Equivalents => (ClusterUnit.H100Equivalents, t.MaxH100Equivalents),
            V1.ClusterSizeCap.LimitOneofCase.MaxFlopPerSecond => (ClusterUnit.FlopPerSecond, t.MaxFlopPerSecond),
            _ => null,
        };
        if (limit is null)
        {
            v.Add(new("terms.cluster_size_cap.limit", "set max_h100_equivalents or max_flop_per_second"));
        }

        var precision = Map(t.Precision, "terms.cluster_size_cap.precision", v);
        ClusterScope? scope = t.Scope switch
        {
            V1.ClusterScope.AllFacilities => ClusterScope.AllFacilities,
            V1.ClusterScope.UnmonitoredFacilities => ClusterScope.UnmonitoredFacilities,
            _ => ProtoValues.Unknown<ClusterScope, V1.ClusterScope>(t.Scope, "terms.cluster_size_cap.scope", v),
        };
        return limit is { } l && precision is { } p && scope is { } s ? new ClusterSizeCap(l.Unit, l.Limit, p, s) : null;
    }

    private static PauseWindow? Map(V1.PauseWindow t, List<FieldViolation> v)
    {
        var before = v.Count;
        DateTimeOffset? startsAt = t.StartsAt is null ? null : ProtoValues.ToDateTimeOffset(t.StartsAt, "terms.pause_window.starts_at", v);
        PauseEnd? end = null;
        switch (t.EndCase)
        {
            case V1.PauseWindow.EndOneofCase.EndsAt:
                if (ProtoValues.ToDateTimeOffset(t.EndsAt, "terms.pause_window.ends_at", v) is { } endsAt)
                {
                    end = new PauseEndsAt(endsAt);
                }

                break;
            case V1.PauseWindow.EndOneofCase.DurationMonths:
                if (ProtoValues.ToInt(t.DurationMonths, "terms.pause_window.duration_months", v) is { } months)
                {
                    end = new PauseForMonths(months);
                }

                break;
            case V1.PauseWindow.EndOneofCase.UntilAttested:
                end = new PauseUntilAttested(t.UntilAttested.InspectorPartyId, t.UntilAttested.Condition);
                break;
            default:
                v.Add(new("terms.pause_window.end", "set ends_at, duration_months or until_attested"));
                break;
        }

        var trigger = t.Trigger.Length == 0 ? null : t.Trigger;
        return v.Count == before && end is not null ? new PauseWindow(t.ScopeMinFlop, startsAt, end, trigger) : null;
    }

    private static NotifyTraining? Map(V1.NotifyTraining t, List<FieldViolation> v)
    {
        var notice = ProtoValues.ToTimeSpan(t.NoticePeriod, "terms.notify_training.notice_period", v);
        NoticeTiming? timing = t.Timing switch
        {
            V1.NoticeTiming.BeforeThreshold => NoticeTiming.BeforeThreshold,
            V1.NoticeTiming.AfterThreshold => NoticeTiming.AfterThreshold,
            _ => ProtoValues.Unknown<NoticeTiming, V1.NoticeTiming>(t.Timing, "terms.notify_training.timing", v),
        };
        var measure = Map(t.Measure, "terms.notify_training.measure", v);
        var notify = t.NotifyPartyId.Length == 0 ? null : t.NotifyPartyId;
        return notice is { } n && timing is { } tm && measure is not null
            ? new NotifyTraining(t.ThresholdFlop, n, tm, t.Anticipatory, notify, measure)
            : null;
    }

    private static MonitoringCoverage? Map(V1.MonitoringCoverage t, List<FieldViolation> v) =>
        ProtoValues.ToTimeSpan(t.Window, "terms.monitoring_coverage.window", v) is { } window
            ? new MonitoringCoverage(t.MinShare, window)
            : null;

    private static InspectionAccess? Map(V1.InspectionAccess t, List<FieldViolation> v)
    {
        var notice = ProtoValues.ToTimeSpan(t.NoticePeriod, "terms.inspection_access.notice_period", v);
        InspectionType? type = t.Type switch
        {
            V1.InspectionType.Routine => InspectionType.Routine,
            V1.InspectionType.Challenge => InspectionType.Challenge,
            _ => ProtoValues.Unknown<InspectionType, V1.InspectionType>(t.Type, "terms.inspection_access.type", v),
        };
        var maxPerYear = ProtoValues.ToInt(t.MaxPerYear, "terms.inspection_access.max_per_year", v);
        return notice is { } n && type is { } tp && maxPerYear is { } m ? new InspectionAccess(n, tp, m) : null;
    }

    private static ComputeMeasure? Map(V1.ComputeMeasure? measure, string field, List<FieldViolation> v)
    {
        if (measure is null)
        {
            v.Add(new(field, "measure is required"));
            return null;
        }

        CountingBasis? basis = measure.Basis switch
        {
            V1.CountingBasis.EstimatedFromUtilization => CountingBasis.EstimatedFromUtilization,
            V1.CountingBasis.HardwareCounters => CountingBasis.HardwareCounters,
            V1.CountingBasis.Analytic => CountingBasis.Analytic,
            _ => ProtoValues.Unknown<CountingBasis, V1.CountingBasis>(measure.Basis, field + ".basis", v),
        };
        var precision = Map(measure.Precision, field + ".precision", v);
        return basis is { } b && precision is { } p ? new ComputeMeasure(b, p) : null;
    }

    private static Precision? Map(V1.Precision precision, string field, List<FieldViolation> v) => precision switch
    {
        V1.Precision.Fp32 => Precision.Fp32,
        V1.Precision.Tf32 => Precision.Tf32,
        V1.Precision.Bf16 => Precision.Bf16,
        V1.Precision.Fp16 => Precision.Fp16,
        V1.Precision.Fp8 => Precision.Fp8,
        V1.Precision.Int8 => Precision.Int8,
        _ => ProtoValues.Unknown<Precision, V1.Precision>(precision, field, v),
    };

    private static V1.ClusterSizeCap ToProto(ClusterSizeCap t)
    {
        var proto = new V1.ClusterSizeCap
        {
            Precision = ToProto(t.Precision),
            Scope = t.Scope switch
            {
                ClusterScope.AllFacilities => V1.ClusterScope.AllFacilities,
                ClusterScope.UnmonitoredFacilities => V1.ClusterScope.UnmonitoredFacilities,
                _ => throw new ArgumentOutOfRangeException(nameof(t), t.Scope, "unknown cluster scope"),
            },
        };
        switch (t.Unit)
        {
            case ClusterUnit.H100Equivalents:
                proto.MaxH100Equivalents = t.Limit;
                break;
            case ClusterUnit.FlopPerSecond:
                proto.MaxFlopPerSecond = t.Limit;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(t), t.Unit, "unknown cluster unit");
        }

        return proto;
    }

    private static V1.PauseWindow ToProto(PauseWindow t)
    {
        var proto = new V1.PauseWindow { ScopeMinFlop = t.ScopeMinFlop, Trigger = t.Trigger ?? string.Empty };
        if (t.StartsAt is { } start)
        {
            proto.StartsAt = Timestamp.FromDateTimeOffset(start);
        }

        switch (t.End)
        {
            case PauseEndsAt end:
                proto.EndsAt = Timestamp.FromDateTimeOffset(end.EndsAt);
                break;
            case PauseForMonths months:
                proto.DurationMonths = ToUInt(months.Months, nameof(t));
                break;
            case PauseUntilAttested attested:
                proto.UntilAttested = new V1.AttestedCondition { InspectorPartyId = attested.InspectorPartyId, Condition = attested.Condition };
                break;
            default:
                throw new ArgumentException("unknown pause end", nameof(t));
        }

        return proto;
    }

    private static V1.NoticeTiming ToProto(NoticeTiming timing) => timing switch
    {
        NoticeTiming.BeforeThreshold => V1.NoticeTiming.BeforeThreshold,
        NoticeTiming.AfterThreshold => V1.NoticeTiming.AfterThreshold,
        _ => throw new ArgumentOutOfRangeException(nameof(timing), timing, "unknown notice timing"),
    };

    private static uint ToUInt(int value, string paramName) =>
        value >= 0 ? (uint)value : throw new ArgumentOutOfRangeException(paramName, value, "must not be negative");
}
