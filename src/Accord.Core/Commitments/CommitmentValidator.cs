using System.Globalization;
using Accord.Core.Registry;

namespace Accord.Core.Commitments;

/// <summary>
/// The registry's rules for a commitment on its own (without the registry's state): every range
/// the proto contract states, with violations named by proto field path.
/// </summary>
public static class CommitmentValidator
{
    /// <summary>Every violation in <paramref name="draft"/>; empty when it may be registered.</summary>
    public static IReadOnlyList<FieldViolation> Validate(CommitmentDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var violations = new List<FieldViolation>();
        violations.AddRange(ValidatePartyAndTitle(draft.PartyId, draft.Title));
        violations.AddRange(ValidateTerms(draft.Terms));
        if (draft.Condition is not null)
        {
            violations.AddRange(ValidateCondition(draft.Condition));
        }

        return violations;
    }

    /// <summary>The violations of the committing party id (<c>header.party_id</c>) and the <c>title</c>.</summary>
    public static IReadOnlyList<FieldViolation> ValidatePartyAndTitle(string? partyId, string? title)
    {
        var violations = new List<FieldViolation>();
        TextRules.CheckSlug(violations, "header.party_id", partyId, "party id");
        TextRules.CheckLine(violations, "title", title, CommitmentLimits.MaxTitleLength, "title");
        return violations;
    }

    /// <summary>The violations of <paramref name="terms"/>, named under <c>terms.</c>.</summary>
    public static IReadOnlyList<FieldViolation> ValidateTerms(CommitmentTerms? terms)
    {
        var v = new List<FieldViolation>();
        switch (terms)
        {
            case TrainingRunComputeCap t:
                CheckFlop(v, "terms.training_run_cap.max_flop", t.MaxFlop, allowZero: false);
                CheckMeasure(v, "terms.training_run_cap.measure", t.Measure);
                break;
            case AggregateComputeCap t:
                CheckFlop(v, "terms.aggregate_cap.max_flop", t.MaxFlop, allowZero: false);
                CheckDuration(v, "terms.aggregate_cap.period", t.Period, CommitmentLimits.MinAggregatePeriod, CommitmentLimits.MaxAggregatePeriod);
                CheckMeasure(v, "terms.aggregate_cap.measure", t.Measure);
                break;
            case ClusterSizeCap t:
                CheckClusterSizeCap(v, t);
                break;
            case PauseWindow t:
                CheckPauseWindow(v, t);
                break;
            case NotifyTraining t:
                CheckFlop(v, "terms.notify_training.threshold_flop", t.ThresholdFlop, allowZero: false);
                CheckDuration(v, "terms.notify_training.notice_period", t.NoticePeriod, TimeSpan.Zero, CommitmentLimits.MaxNoticePeriod);
                CheckEnum(v, "terms.notify_training.timing", t.Timing);
                if (t.NotifyPartyId is not null)
                {
                    TextRules.CheckSlug(v, "terms.notify_training.notify_party_id", t.NotifyPartyId, "notified party id");
                }

                CheckMeasure(v, "terms.notify_training.measure", t.Measure);
                break;
            case MonitoringCoverage t:
                if (!(t.MinShare > 0 && t.MinShare <= 1))
                {
                    v.Add(new("terms.monitoring_coverage.min_share", $"share must be in (0, 1] (got {Show(t.MinShare)})"));
                }

                CheckDuration(v, "terms.monitoring_coverage.window", t.Window, CommitmentLimits.MinMonitoringWindow, CommitmentLimits.MaxMonitoringWindow);
                break;
            case MonitoredBand t:
                var minValid = CheckFlop(v, "terms.monitored_band.min_flop", t.MinFlop, allowZero: true);
                if (CheckFlop(v, "terms.monitored_band.max_flop", t.MaxFlop, allowZero: false) && minValid && t.MaxFlop <= t.MinFlop)
                {
                    v.Add(new("terms.monitored_band.max_flop", $"band upper bound {Show(t.MaxFlop)} must be above its lower bound {Show(t.MinFlop)}"));
                }

                break;
            case InspectionAccess t:
                CheckDuration(v, "terms.inspection_access.notice_period", t.NoticePeriod, TimeSpan.Zero, CommitmentLimits.MaxNoticePeriod);
                CheckEnum(v, "terms.inspection_access.type", t.Type);
                if (t.MaxPerYear is < 0 or > CommitmentLimits.MaxInspectionsPerYear)
                {
                    v.Add(new("terms.inspection_access.max_per_year", $"must be 0 (no limit) to {CommitmentLimits.MaxInspectionsPerYear} (got {t.MaxPerYear})"));
                }

                break;
            default:
                v.Add(new("terms", "unknown or missing commitment kind"));
                break;
        }

        return v;
    }

    /// <summary>
    /// The violations of an activation condition on its own, named under <c>condition.</c>; whether its
    /// parties belong to the agreement is <see cref="ActivationConditions.ValidateAgainst"/>'s job.
    /// </summary>
    public static IReadOnlyList<FieldViolation> ValidateCondition(ActivationCondition? condition)
    {
        var v = new List<FieldViolation>();
        if (condition is null)
        {
            v.Add(new("condition", "activation condition is missing"));
            return v;
        }

        TextRules.CheckSlug(v, "condition.agreement_id", condition.AgreementId, "agreement id");
        switch (condition.Requirement)
        {
            case AllOfParties all:
                CheckPartyList(v, "condition.parties.party_ids", all.PartyIds, 1, CommitmentLimits.MaxConditionParties);
                break;
            case AtLeastParties atLeast:
                if (atLeast.K is < 1 or > CommitmentLimits.MaxConditionParties)
                {
                    v.Add(new("condition.threshold", $"threshold must be 1 to {CommitmentLimits.MaxConditionParties} (got {atLeast.K})"));
                }

                break;
            default:
                v.Add(new("condition.rule", "set either parties or threshold"));
                break;
        }

        return v;
    }

    /// <summary>
    /// Adds violations unless <paramref name="ids"/> holds <paramref name="min"/> to <paramref name="max"/>
    /// valid slugs, each once; element violations are named <c>field[i]</c>.
    /// </summary>
    internal static void CheckPartyList(List<FieldViolation> v, string field, IReadOnlyList<string>? ids, int min, int max)
    {
        if (ids is null || ids.Count < min || ids.Count > max)
        {
            v.Add(new(field, $"name {min} to {max} parties (got {ids?.Count ?? 0})"));
            if (ids is null)
            {
                return;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var element = $"{field}[{i}]";
            var id = ids[i];
            if (!Identifiers.IsValidSlug(id))
            {
                TextRules.CheckSlug(v, element, id, "party id");
            }
            else if (!seen.Add(id))
            {
                v.Add(new(element, $"party '{id}' is named more than once"));
            }
        }
    }

    private static void CheckClusterSizeCap(List<FieldViolation> v, ClusterSizeCap t)
    {
        switch (t.Unit)
        {
            case ClusterUnit.H100Equivalents:
                CheckPositive(v, "terms.cluster_size_cap.max_h100_equivalents", t.Limit, "H100-equivalents");
                break;
            case ClusterUnit.FlopPerSecond:
                CheckPositive(v, "terms.cluster_size_cap.max_flop_per_second", t.Limit, "FLOP/s");
                break;
            default:
                v.Add(new("terms.cluster_size_cap.limit", "set max_h100_equivalents or max_flop_per_second"));
                break;
        }

        CheckEnum(v, "terms.cluster_size_cap.precision", t.Precision);
        CheckEnum(v, "terms.cluster_size_cap.scope", t.Scope);
    }

    private static void CheckPauseWindow(List<FieldViolation> v, PauseWindow t)
    {
        CheckFlop(v, "terms.pause_window.scope_min_flop", t.ScopeMinFlop, allowZero: true);
        switch (t.End)
        {
            case PauseEndsAt end:
                if (t.StartsAt is { } start && end.EndsAt <= start)
                {
                    v.Add(new("terms.pause_window.ends_at", $"pause must end after it starts ({Show(end.EndsAt)} is not after {Show(start)})"));
                }

                break;
            case PauseForMonths months:
                if (months.Months is < CommitmentLimits.MinPauseMonths or > CommitmentLimits.MaxPauseMonths)
                {
                    v.Add(new("terms.pause_window.duration_months", $"months must be {CommitmentLimits.MinPauseMonths} to {CommitmentLimits.MaxPauseMonths} (got {months.Months})"));
                }
                else if (t.StartsAt is { } monthsStart && monthsStart > DateTimeOffset.MaxValue.AddMonths(-months.Months))
                {
                    v.Add(new("terms.pause_window.duration_months", "pause would end after the year 9999"));
                }

                break;
            case PauseUntilAttested attested:
                TextRules.CheckSlug(v, "terms.pause_window.until_attested.inspector_party_id", attested.InspectorPartyId, "inspector party id");
                TextRules.CheckLine(v, "terms.pause_window.until_attested.condition", attested.Condition, CommitmentLimits.MaxConditionLength, "condition");
                break;
            default:
                v.Add(new("terms.pause_window.end", "set ends_at, duration_months or until_attested"));
                break;
        }

        if (t.Trigger is not null)
        {
            TextRules.CheckLine(v, "terms.pause_window.trigger", t.Trigger, CommitmentLimits.MaxTriggerLength, "trigger");
        }
    }

    private static void CheckMeasure(List<FieldViolation> v, string field, ComputeMeasure? measure)
    {
        if (measure is null)
        {
            v.Add(new(field, "measure is required"));
            return;
        }

        CheckEnum(v, field + ".basis", measure.Basis);
        CheckEnum(v, field + ".precision", measure.Precision);
    }

    /// <summary>Adds a violation unless the FLOP figure is finite, in range and positive (or zero if allowed); true when valid.</summary>
    private static bool CheckFlop(List<FieldViolation> v, string field, double value, bool allowZero)
    {
        if (!double.IsFinite(value))
        {
            v.Add(new(field, $"FLOP must be a finite number (got {Show(value)})"));
            return false;
        }

        if (value < 0 || (value == 0 && !allowZero))
        {
            v.Add(new(field, allowZero ? $"FLOP must not be negative (got {Show(value)})" : $"FLOP must be above 0 (got {Show(value)})"));
            return false;
        }

        if (value > CommitmentLimits.MaxFlop)
        {
            v.Add(new(field, $"FLOP must be at most {Show(CommitmentLimits.MaxFlop)} (got {Show(value)})"));
            return false;
        }

        return true;
    }

    private static void CheckPositive(List<FieldViolation> v, string field, double value, string unit)
    {
        if (!double.IsFinite(value) || value <= 0 || value > CommitmentLimits.MaxFlop)
        {
            v.Add(new(field, $"{unit} must be finite, above 0 and at most {Show(CommitmentLimits.MaxFlop)} (got {Show(value)})"));
        }
    }

    private static void CheckDuration(List<FieldViolation> v, string field, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            v.Add(new(field, $"duration must be {CommitmentText.Duration(min)} to {CommitmentText.Duration(max)} (got {value.ToString("c", CultureInfo.InvariantCulture)})"));
        }
    }

    private static void CheckEnum<TEnum>(List<FieldViolation> v, string field, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            v.Add(new(field, $"unknown {typeof(TEnum).Name} value {value}"));
        }
    }

    private static string Show(double value) => CommitmentText.Number(value);

    private static string Show(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
