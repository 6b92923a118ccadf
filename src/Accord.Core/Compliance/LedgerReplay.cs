// A compliance finding re-derived from its evidence (docs/compliance.md, "Verdicts and evidence bundles"):
// a fresh ComplianceLedger, the one judge, fed the evidence in log order. The server runs it to check the
// live ledger against the log before a verdict is prepared; the offline verifier runs it over the bundle.
namespace Accord.Core.Compliance;

/// <summary>What a finding is judged from: one commitment of one party, the evidence in the log, and a time.</summary>
/// <param name="PartyId">The party judged.</param>
/// <param name="Commitment">The commitment, with the span the ledger used.</param>
/// <param name="DeclaredDevices">The party's declared (enrolled) devices.</param>
/// <param name="Reports">The party's verified reports, each with its log entry.</param>
/// <param name="Notices">The party's training notices, each with its log entry.</param>
/// <param name="At">When it is judged.</param>
public sealed record LedgerEvidence(
    string PartyId,
    ActiveCommitment Commitment,
    IReadOnlyCollection<string> DeclaredDevices,
    IReadOnlyList<VerifiedReport> Reports,
    IReadOnlyList<TrainingNotice> Notices,
    DateTimeOffset At);

/// <summary>A commitment's standing as the ledger finds it, with the runs it joined (runs that count toward it).</summary>
/// <param name="Evaluation">The ledger's evaluation at the time judged.</param>
/// <param name="Runs">The runs that count toward the commitment, as joined; null when not known (a live ledger forgets closed runs).</param>
public sealed record LedgerFinding(CommitmentEvaluation Evaluation, IReadOnlyList<RunSummary>? Runs);

/// <summary>Re-derives a finding from its evidence with the same ledger the server judges with.</summary>
public static class LedgerReplay
{
    /// <summary>
    /// Feeds a fresh <see cref="ComplianceLedger"/> the declared devices, then every report and notice in log
    /// order, as the server's ledger was fed: the ledger's clock is each item's own time (a report's interval
    /// end, a notice's signed time), never going back; before each item the ledger ticks at that clock, as the
    /// server's sweep does between arrivals; the commitment is bound when the clock reaches its activation, as
    /// the server binds it when it activates. At the end the ledger ticks and evaluates at
    /// <see cref="LedgerEvidence.At"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Two items share a log index, or an item is not the party's.</exception>
    public static LedgerFinding Judge(LedgerEvidence evidence, ComplianceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var ledger = new ComplianceLedger(evidence.PartyId, options);
        ledger.SetDeclaredDevices(evidence.DeclaredDevices);
        var bound = false;
        void BindWhenActive(DateTimeOffset clock)
        {
            if (!bound && clock >= evidence.Commitment.ActiveFrom)
            {
                ledger.SetCommitments([evidence.Commitment]);
                bound = true;
            }
        }

        var items = new SortedList<long, object>(evidence.Reports.Count + evidence.Notices.Count);
        foreach (var report in evidence.Reports)
        {
            Add(items, report.Evidence.LogIndex, report);
        }

        foreach (var notice in evidence.Notices)
        {
            Add(items, notice.Evidence.LogIndex, notice);
        }

        var lastEnds = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var device in evidence.DeclaredDevices)
        {
            lastEnds[device] = null;
        }

        var now = DateTimeOffset.MinValue;
        foreach (var item in items.Values)
        {
            var time = item is VerifiedReport r ? r.IntervalEnd : ((TrainingNotice)item).SignedAt;
            if (time > now)
            {
                now = time;
                BindWhenActive(now);
                ledger.Tick(now, lastEnds);
            }

            if (item is VerifiedReport report)
            {
                ledger.Ingest(report, now);
                if (lastEnds.TryGetValue(report.DeviceId, out var last) && (last is null || report.IntervalEnd > last))
                {
                    lastEnds[report.DeviceId] = report.IntervalEnd;
                }
            }
            else
            {
                ledger.AddNotice((TrainingNotice)item, now);
            }
        }

        var end = evidence.At > now ? evidence.At : now;
        BindWhenActive(end);
        if (!bound)
        {
            throw new ArgumentException($"commitment {evidence.Commitment.CommitmentId} binds from {evidence.Commitment.ActiveFrom:O}, after the time judged", nameof(evidence));
        }

        ledger.Tick(end, lastEnds);
        var evaluation = ledger.Evaluate(evidence.At).Single();
        var runs = ledger.Runs(evidence.Commitment.CommitmentId).Where(run => run.CommitmentFlop is not null).ToList();
        return new LedgerFinding(evaluation, runs);
    }

    private static void Add(SortedList<long, object> items, long index, object item)
    {
        if (!items.TryAdd(index, item))
        {
            throw new ArgumentException($"two evidence items share log index {index}", nameof(item));
        }
    }
}

/// <summary>Whether two findings on one commitment say the same: the one comparison the server and the offline verifier make.</summary>
public static class FindingComparison
{
    /// <summary>
    /// The relative difference allowed between two FLOP figures: the same reports summed in another order
    /// (concurrent arrivals at the live ledger, log order in a replay) may differ in the last bits.
    /// </summary>
    public const double RelativeTolerance = 1e-9;

    /// <summary>
    /// The differences between <paramref name="claimed"/> and <paramref name="replayed"/>, in words; empty when
    /// they agree. State must be equal; measured and limit equal within <see cref="RelativeTolerance"/> (absent
    /// reads as 0); runs, when both list them, the same workload ids with the same FLOP.
    /// </summary>
    public static IReadOnlyList<string> Differences(LedgerFinding claimed, LedgerFinding replayed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(replayed);
        var (c, r) = (claimed.Evaluation, replayed.Evaluation);
        var differences = new List<string>();
        if (c.State != r.State)
        {
            differences.Add($"state: claimed {Words(c.State)}, the evidence gives {Words(r.State)} ({r.Why})");
        }

        if (!Same(c.Measured ?? 0, r.Measured ?? 0))
        {
            differences.Add($"measured: claimed {F(c.Measured ?? 0)}, the evidence gives {F(r.Measured ?? 0)}");
        }

        if (!Same(c.Limit ?? 0, r.Limit ?? 0))
        {
            differences.Add($"limit: claimed {F(c.Limit ?? 0)}, the commitment gives {F(r.Limit ?? 0)}");
        }

        if (claimed.Runs is { } claimedRuns && replayed.Runs is { } replayedRuns)
        {
            var expected = replayedRuns.ToDictionary(Key, StringComparer.Ordinal);
            foreach (var run in claimedRuns)
            {
                if (!expected.Remove(Key(run), out var match))
                {
                    differences.Add($"run '{run.RunId}' ({string.Join(", ", run.Workloads)}): not a run the evidence joins");
                }
                else if (!Same(run.CommitmentFlop ?? 0, match.CommitmentFlop ?? 0))
                {
                    differences.Add($"run '{run.RunId}': claimed {F(run.CommitmentFlop ?? 0)} FLOP, the evidence gives {F(match.CommitmentFlop ?? 0)}");
                }
            }

            foreach (var missing in expected.Values)
            {
                differences.Add($"run '{missing.RunId}' ({string.Join(", ", missing.Workloads)}): the evidence joins it, the finding omits it");
            }
        }

        return differences;
    }

    /// <summary>The state in the words a finding prints.</summary>
    public static string Words(ComplianceState state) => state switch
    {
        ComplianceState.Holds => "holds",
        ComplianceState.Breached => "breached",
        _ => "not verifiable",
    };

    private static string Key(RunSummary run) => string.Join("\n", run.Workloads.Order(StringComparer.Ordinal));

    private static bool Same(double a, double b) =>
        a.Equals(b) || Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    private static string F(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
