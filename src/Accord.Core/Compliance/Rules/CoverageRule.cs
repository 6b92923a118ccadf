using Accord.Core.Commitments;
using Accord.Core.Monitoring;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="MonitoringCoverage"/>: in each window from the span's start, the share of declared devices heard
/// (a verified report overlapping the window, or a last report ending inside it) must reach the minimum. A
/// window is judged <see cref="LedgerState.Lateness"/> after it ends, exactly (<see cref="ExactComparison"/>).
/// </summary>
internal sealed class CoverageRule(MonitoringCoverage terms, CommitmentRecord record, LedgerContext ledger)
    : CommitmentRule<MonitoringCoverage>(terms, record, ledger)
{
    private const int MaxNamedDevices = 10;

    public static RuleKind Registration { get; } = RuleKind.Of<MonitoringCoverage>(
        CommitmentKind.MonitoringCoverage,
        t => new() { Kind = t.Kind, Flop = t.MinShare, Duration = t.Window },
        r => new MonitoringCoverage(r.Flop!.Value, r.Duration!.Value),
        (t, r, l) => new CoverageRule(t, r, l));

    public override string Basis =>
        "declared devices heard in the window (a verified report overlapping it, or a last report ending inside it) over all declared devices";

    public override double? Limit => Terms.MinShare;

    public override void OnReport(VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
        if (!Ledger.Declared.Contains(report.DeviceId)
            || !Intervals.Clip(report.IntervalStart.UtcTicks, report.IntervalEnd.UtcTicks, From, Until, out var lo, out var hi))
        {
            return;
        }

        var (first, last) = Intervals.Touched(lo, hi, From, Terms.Window.Ticks, Record.WindowsClosedBefore);
        for (var k = first; k <= last; k++)
        {
            if (!Record.Windows.TryGetValue(k, out var heard))
            {
                heard = new HashSet<string>(StringComparer.Ordinal);
                Record.Windows[k] = heard;
            }

            heard.Add(report.DeviceId);
        }
    }

    public override void OnTick(DateTimeOffset now, IReadOnlyDictionary<string, DateTimeOffset?> lastReportEndByDevice, List<Violation> raised)
    {
        var w = Terms.Window.Ticks;
        var horizon = Intervals.Horizon(now, Ledger.State.Lateness);
        var declared = Ledger.State.DeclaredDevices;
        while (true)
        {
            var k = Record.WindowsClosedBefore;
            var start = From + (k * w);
            if (start >= Until)
            {
                return;
            }

            var end = Math.Min(start + w, Until);
            if (end > horizon)
            {
                return;
            }

            Record.Windows.Remove(k, out var heardInLedger);
            Record.WindowsClosedBefore = k + 1;
            if (Ledger.Declared.Count == 0)
            {
                continue;
            }

            var silent = new List<string>();
            var heard = 0;
            foreach (var id in declared)
            {
                var lastEnd = lastReportEndByDevice.TryGetValue(id, out var t) ? t : null;
                if ((heardInLedger?.Contains(id) ?? false) || (lastEnd is { } le && le.UtcTicks > start && le.UtcTicks <= end))
                {
                    heard++;
                }
                else
                {
                    silent.Add(id);
                }
            }

            var n = declared.Count;
            var share = (double)heard / n;
            Record.LastShare = share;
            Record.MaxMeasured = share;
            if (ExactComparison.Compare(Terms.MinShare, heard, n) > 0)
            {
                var subject = $"window {FormatTime(start)}/{FormatTime(end)}";
                var named = string.Join(", ", silent.Take(MaxNamedDevices).Select(id =>
                    lastReportEndByDevice.TryGetValue(id, out var t) && t is { } le ? $"'{id}' (last report ended {FormatTime(le)})" : $"'{id}' (no report known)"));
                var more = silent.Count > MaxNamedDevices ? $" and {silent.Count - MaxNamedDevices} more" : string.Empty;
                Violations.Raise(
                    this,
                    ComplianceRules.Coverage,
                    subject,
                    subject.Replace(' ', ':'),
                    share,
                    Terms.MinShare,
                    "share of declared devices",
                    [],
                    now,
                    $"{heard} of {n} declared devices reported in {subject}, below the required share of {F(Terms.MinShare)}; silent: {named}{more}",
                    raised);
            }
        }
    }

    public override CommitmentEvaluation Evaluate(DateTimeOffset now, string span)
    {
        var declared = Ledger.State.DeclaredDevices.Count;
        if (declared == 0)
        {
            return NotVerifiable($"{span}; the party declared no devices, so there is nothing to cover", null);
        }

        return Holds(
            Record.LastShare is { } share
                ? $"{span}; every closed window met the share (last: {F(share)} of {declared} declared devices)"
                : $"{span}; no window has closed yet",
            Record.LastShare);
    }
}
