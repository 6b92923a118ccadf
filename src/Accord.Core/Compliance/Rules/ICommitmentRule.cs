using Accord.Core.Commitments;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// How the ledger judges one commitment of one kind (one implementation per <see cref="CommitmentKind"/>,
/// registered in <see cref="CommitmentRuleKinds"/>). The ledger keeps the shared machinery (runs joined across
/// workload ids by peer fingerprint, cluster slots, notices, retirement, the durable state) and calls these
/// hooks on every commitment's rule, in the order of the party's commitments:
/// <list type="number">
/// <item>every verified report: <see cref="OnReport"/>;</item>
/// <item>a report of a run: <see cref="OnRunReport"/> on the rules that <see cref="TracksRuns"/>, then, per
/// cluster slot the report changed, <see cref="OnSlot"/> on those that <see cref="CountsSlots"/>;</item>
/// <item><c>Tick</c>: <see cref="OnTick"/>, then <see cref="OnDeadlines"/>; <c>AddNotice</c>: <see cref="OnDeadlines"/>;</item>
/// <item><c>Evaluate</c>: <see cref="Evaluate"/>, once the commitment binds, is not breached, is decidable and,
/// when it <see cref="NeedsComputeEvidence"/>, has it.</item>
/// </list>
/// A rule keeps its running state in <see cref="Record"/> and in the runs' <see cref="RunCommitmentState"/>,
/// both persisted with the ledger, and raises violations through <see cref="Violations"/>.
/// </summary>
internal interface ICommitmentRule
{
    /// <summary>The commitment's durable record: id, span, running state, first violation.</summary>
    CommitmentRecord Record { get; }

    /// <summary>What the commitment promises.</summary>
    CommitmentTerms Terms { get; }

    /// <summary>The commitment's id.</summary>
    string Id { get; }

    /// <summary>Start of the active span in UTC ticks (inclusive).</summary>
    long From { get; }

    /// <summary>End of the active span in UTC ticks (exclusive); the end of the calendar while open.</summary>
    long Until { get; }

    /// <summary>How the measured values are obtained, in words (<see cref="Violation.Basis"/>, <see cref="CommitmentEvaluation.Basis"/>).</summary>
    string Basis { get; }

    /// <summary>The limit evaluations show; null when the kind has none.</summary>
    double? Limit { get; }

    /// <summary>Why monitoring evidence can never decide the kind (it evaluates not verifiable, saying this); null when it can.</summary>
    string? Undecidable { get; }

    /// <summary>
    /// Whether a commitment of the kind holds only on compute evidence: verified reports from declared devices
    /// since it began binding, the newest within the ledger's silence allowance (<see cref="ComputeEvidence"/>).
    /// </summary>
    bool NeedsComputeEvidence { get; }

    /// <summary>Whether every run keeps a <see cref="RunCommitmentState"/> for it (and <c>Runs</c> shows its FLOP).</summary>
    bool TracksRuns { get; }

    /// <summary>Whether it counts the devices of a run per cluster slot (<see cref="OnSlot"/>).</summary>
    bool CountsSlots { get; }

    /// <summary>How long a notice for a run the ledger has not seen is worth keeping for it.</summary>
    TimeSpan NoticeRetention { get; }

    /// <summary>Every verified report of the party, run or idle.</summary>
    void OnReport(VerifiedReport report, DateTimeOffset now, List<Violation> raised);

    /// <summary>A report of <paramref name="run"/> (after joining), with the run's state under this commitment.</summary>
    void OnRunReport(RunState run, RunCommitmentState rc, VerifiedReport report, DateTimeOffset now, List<Violation> raised);

    /// <summary>
    /// A cluster slot of <paramref name="run"/> starting at <paramref name="slotStart"/> (UTC ticks) that the
    /// report changed: a device new in it (<paramref name="newDevice"/>), or new undeclared peers.
    /// </summary>
    void OnSlot(RunState run, SlotState slot, long slotStart, bool newDevice, VerifiedReport report, DateTimeOffset now, List<Violation> raised);

    /// <summary>Two runs were joined and <paramref name="slot"/> now holds the devices of both: recount what the rule keeps in it.</summary>
    void OnSlotMerged(SlotState slot);

    /// <summary>Time passed: close what ended by <paramref name="now"/> (less the lateness).</summary>
    void OnTick(DateTimeOffset now, IReadOnlyDictionary<string, DateTimeOffset?> lastReportEndByDevice, List<Violation> raised);

    /// <summary>A notice arrived or time passed: settle the deadlines a notice meets or that lapsed.</summary>
    void OnDeadlines(DateTimeOffset now, List<Violation> raised);

    /// <summary>
    /// The standing of a binding, unbreached commitment at <paramref name="now"/>; <paramref name="span"/> says
    /// since when it binds (or from when until when it bound), for the start of the why.
    /// </summary>
    CommitmentEvaluation Evaluate(DateTimeOffset now, string span);
}
