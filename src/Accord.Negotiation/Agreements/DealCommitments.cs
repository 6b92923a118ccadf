using System.Globalization;
using System.Text;
using Accord.Core.Commitments;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Agreements;

/// <summary>The commitment kinds a deal's issues can map to.</summary>
public enum DealTermKind
{
    /// <summary>A per-run compute cap in FLOP: <see cref="TrainingRunComputeCap"/>.</summary>
    ComputeCap,

    /// <summary>A pause length in months: <see cref="PauseWindow"/> with a duration in months.</summary>
    PauseMonths,

    /// <summary>A monitoring coverage share: <see cref="MonitoringCoverage"/>.</summary>
    Coverage,

    /// <summary>An inspection notice in hours: <see cref="InspectionAccess"/>.</summary>
    NoticeHours,
}

/// <summary>One issue of a deal and the commitment it implies for every lab, if any.</summary>
/// <param name="Issue">The issue's name.</param>
/// <param name="Value">The agreed value's label.</param>
/// <param name="Kind">The commitment kind the issue maps to, or null when it maps to none.</param>
/// <param name="Terms">The commitment's terms, or null when the issue maps to none or the value gives none (e.g. "no cap", a 0-month pause).</param>
/// <param name="Note">Why there is no commitment, when <paramref name="Kind"/> is set and <paramref name="Terms"/> is null.</param>
public sealed record DealTerm(string Issue, string Value, DealTermKind? Kind, CommitmentTerms? Terms, string? Note);

/// <summary>
/// Maps a deal's issues to the commitment language, so an agreed deal can be carried out as
/// commitments each lab signs. An issue maps by its name, lowercased with every run of other
/// characters than a-z and 0-9 made one '_' (e.g. "Per-run compute cap (FLOP)" reads
/// "per_run_compute_cap_flop_"); the first rule that matches wins:
/// <list type="table">
/// <item><term>contains "compute_cap"</term><description><see cref="TrainingRunComputeCap"/>: max FLOP = the value's number (BF16, estimated from utilization); a value without a number ("no cap") gives none.</description></item>
/// <item><term>contains "pause"</term><description><see cref="PauseWindow"/> of every run (scope 0 FLOP) for the value in months: a bare number is months, a duration ("6 months", "1 year") is converted at 730 hours a month; 0 gives none.</description></item>
/// <item><term>contains "coverage"</term><description><see cref="MonitoringCoverage"/>: min share = the value's number ("95%" is 0.95; a bare number above 1 is read as a percentage), in a window of 1 hour.</description></item>
/// <item><term>contains "notice"</term><description><see cref="InspectionAccess"/>: challenge inspections at the value's notice (a bare number is hours; "7 days" is 168 hours), no yearly limit.</description></item>
/// </list>
/// Terms the commitment language refuses (e.g. a pause over 600 months) give none, with a note.
/// </summary>
public static class DealCommitments
{
    /// <summary>The counting rule of a mapped compute cap.</summary>
    public static ComputeMeasure CapMeasure { get; } = new(CountingBasis.EstimatedFromUtilization, Precision.Bf16);

    /// <summary>The window of a mapped monitoring coverage.</summary>
    public static TimeSpan CoverageWindow { get; } = TimeSpan.FromHours(1);

    /// <summary>The commitment kind an issue named <paramref name="issueName"/> maps to, or null.</summary>
    public static DealTermKind? KindOf(string issueName)
    {
        ArgumentNullException.ThrowIfNull(issueName);
        var key = Normalize(issueName);
        return key.Contains("compute_cap", StringComparison.Ordinal) ? DealTermKind.ComputeCap
            : key.Contains("pause", StringComparison.Ordinal) ? DealTermKind.PauseMonths
            : key.Contains("coverage", StringComparison.Ordinal) ? DealTermKind.Coverage
            : key.Contains("notice", StringComparison.Ordinal) ? DealTermKind.NoticeHours
            : null;
    }

    /// <summary>Every issue of <paramref name="deal"/>, in issue order, with the commitment it implies.</summary>
    public static IReadOnlyList<DealTerm> Map(NegotiationDomain domain, Outcome deal)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(deal);
        if (!domain.IsValid(deal))
        {
            throw new ArgumentException("The deal is not an outcome of the domain.", nameof(deal));
        }

        var terms = new List<DealTerm>(domain.Issues.Count);
        for (var i = 0; i < domain.Issues.Count; i++)
        {
            var issue = domain.Issues[i];
            var label = issue.Labels[deal[i]];
            var kind = KindOf(issue.Name);
            if (kind is null)
            {
                terms.Add(new DealTerm(issue.Name, label, null, null, null));
                continue;
            }

            var (mapped, note) = Terms(kind.Value, label, issue.Numbers[deal[i]]);
            if (mapped is not null && CommitmentValidator.ValidateTerms(mapped) is { Count: > 0 } violations)
            {
                (mapped, note) = (null, "outside the commitment language: " + string.Join("; ", violations.Select(v => v.Description)));
            }

            terms.Add(new DealTerm(issue.Name, label, kind, mapped, note));
        }

        return terms;
    }

    /// <summary>The name as the mapping reads it: lowercase a-z and 0-9, every other run of characters one '_'.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                sb.Append(c);
            }
            else if (sb.Length == 0 || sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        return sb.ToString();
    }

    private static (CommitmentTerms? Terms, string? Note) Terms(DealTermKind kind, string label, double? number)
    {
        var bare = double.TryParse(label.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && double.IsFinite(plain);
        switch (kind)
        {
            case DealTermKind.ComputeCap:
                return number is { } flop && flop > 0 ? (new TrainingRunComputeCap(flop, CapMeasure), null) : (null, "no cap agreed");
            case DealTermKind.PauseMonths:
                if (number is not { } n)
                {
                    return (null, "no pause length agreed");
                }

                var months = bare ? n : n / NumericLabel.HoursPerMonth;
                var whole = (int)Math.Round(Math.Min(months, int.MaxValue), MidpointRounding.AwayFromZero);
                return whole <= 0 ? (null, "no pause agreed") : (new PauseWindow(0, null, new PauseForMonths(whole), null), null);
            case DealTermKind.Coverage:
                if (number is not { } share)
                {
                    return (null, "no coverage agreed");
                }

                share = bare && share > 1 ? share / 100 : share;
                return share <= 0 ? (null, "no coverage agreed") : (new MonitoringCoverage(share, CoverageWindow), null);
            case DealTermKind.NoticeHours:
                return number is { } hours && hours >= 0 && hours <= CommitmentLimits.MaxNoticePeriod.TotalHours
                    ? (new InspectionAccess(TimeSpan.FromHours(hours), InspectionType.Challenge, 0), null)
                    : (null, "no inspection notice agreed");
            default:
                return (null, null);
        }
    }
}
