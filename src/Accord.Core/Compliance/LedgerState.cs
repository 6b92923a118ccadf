using Accord.Core.Commitments;
using Accord.Core.Compliance.Rules;
using Accord.Core.Monitoring;

namespace Accord.Core.Compliance;

// The ledger's durable state: plain mutable classes serialized with System.Text.Json (docs/compliance.md,
// "Durable state"). Everything here is bounded by open runs, open periods and windows, devices and
// commitments; nothing is kept per report.

/// <summary>The whole ledger.</summary>
internal sealed class LedgerState
{
    public int Version { get; set; } = 1;
    public string PartyId { get; set; } = string.Empty;
    public TimeSpan RunRetention { get; set; }
    public TimeSpan ClusterSlot { get; set; }
    public TimeSpan Lateness { get; set; }

    /// <summary>See <see cref="ComplianceOptions.Silence"/>; states written before it existed load with the default.</summary>
    public TimeSpan Silence { get; set; } = TimeSpan.FromMinutes(15);
    public List<CommitmentRecord> Commitments { get; set; } = [];
    public List<string> DeclaredDevices { get; set; } = [];
    public long NextRunSequence { get; set; }

    /// <summary>Open runs by root workload id.</summary>
    public Dictionary<string, RunState> Runs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Union-find: workload id -> the workload id it was merged into (roots are absent).</summary>
    public Dictionary<string, string> MergedInto { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Peer-device fingerprint (hex) -> workload id -> its latest interval under that fingerprint.</summary>
    public Dictionary<string, Dictionary<string, Span>> Fingerprints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Notices by workload id.</summary>
    public Dictionary<string, List<TrainingNotice>> Notices { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>An interval in UTC ticks, [Start, End).</summary>
internal sealed class Span
{
    public long Start { get; set; }
    public long End { get; set; }
}

/// <summary>A commitment and the running state of its period- and window-based rules.</summary>
internal sealed class CommitmentRecord
{
    public string Id { get; set; } = string.Empty;
    public TermsRecord Terms { get; set; } = new();
    public DateTimeOffset ActiveFrom { get; set; }
    public DateTimeOffset? ActiveUntil { get; set; }

    /// <summary>Aggregate cap: open periods by index from ActiveFrom.</summary>
    public Dictionary<long, PeriodState> Periods { get; set; } = [];

    /// <summary>Aggregate cap: periods below this index are closed.</summary>
    public long PeriodsClosedBefore { get; set; }

    /// <summary>Coverage: declared devices heard in each open window, by index from ActiveFrom.</summary>
    public Dictionary<long, HashSet<string>> Windows { get; set; } = [];

    /// <summary>Coverage: windows below this index are closed.</summary>
    public long WindowsClosedBefore { get; set; }

    /// <summary>Coverage: the share in the last closed window.</summary>
    public double? LastShare { get; set; }

    /// <summary>The largest value measured so far (largest run, period, cluster...), for evaluations.</summary>
    public double? MaxMeasured { get; set; }

    /// <summary>
    /// Verified reports from declared devices overlapping the active span, counted (compute commitments only):
    /// what lets one hold. Null in a state written before the ledger counted them, until the next such report.
    /// </summary>
    public long? EvidenceReports { get; set; }

    /// <summary>The latest end of those reports; null before the first.</summary>
    public DateTimeOffset? LastEvidenceEnd { get; set; }

    /// <summary>The first violation, once breached (Breached is final).</summary>
    public Violation? FirstViolation { get; set; }
    public int ViolationCount { get; set; }
}

/// <summary>One aggregate period.</summary>
internal sealed class PeriodState
{
    public double Flop { get; set; }
    public bool Raised { get; set; }
    public EvidenceRef? First { get; set; }
}

/// <summary>One open run: a root workload id and the ids merged into it.</summary>
internal sealed class RunState
{
    public string Id { get; set; } = string.Empty;
    public long Sequence { get; set; }
    public DateTimeOffset FirstStart { get; set; }
    public DateTimeOffset LastEnd { get; set; }
    public List<string> Members { get; set; } = [];

    /// <summary>Why ids were merged into this run (at most a few reasons kept).</summary>
    public List<string> MergeReasons { get; set; } = [];

    /// <summary>Every FLOP reported for the run, as reported, whatever commitment binds.</summary>
    public double TotalFlop { get; set; }
    public EvidenceRef? FirstEvidence { get; set; }

    /// <summary>The first peer named that is not a declared device (hex), and its report.</summary>
    public string? UndeclaredPeer { get; set; }
    public EvidenceRef? UndeclaredEvidence { get; set; }

    /// <summary>Per commitment id.</summary>
    public Dictionary<string, RunCommitmentState> ByCommitment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Cluster slots kept (recent ones), by slot index.</summary>
    public Dictionary<long, SlotState> Slots { get; set; } = [];
}

/// <summary>A run's standing under one commitment.</summary>
internal sealed class RunCommitmentState
{
    /// <summary>FLOP inside the commitment's active span, in the commitment's precision.</summary>
    public double Flop { get; set; }

    /// <summary>Pause: FLOP inside the pause window.</summary>
    public double InWindowFlop { get; set; }

    /// <summary>Notify: when the run crossed the threshold, and the report that took it over.</summary>
    public DateTimeOffset? CrossedAt { get; set; }
    public EvidenceRef? CrossingEvidence { get; set; }

    /// <summary>Notify, after the threshold: the deadline not yet met by a notice.</summary>
    public DateTimeOffset? NoticeDue { get; set; }

    /// <summary>Notify: a notice in time was found.</summary>
    public bool NoticeMet { get; set; }

    /// <summary>Cluster: the largest concurrent cluster seen.</summary>
    public double MaxCluster { get; set; }

    public bool Raised { get; set; }
}

/// <summary>The devices of a run heard in one cluster slot.</summary>
internal sealed class SlotState
{
    public Dictionary<string, DeviceModel> Devices { get; set; } = new(StringComparer.Ordinal);
    public HashSet<string> UndeclaredPeers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Cluster capacity of the slot per all-facilities cluster commitment id.</summary>
    public Dictionary<string, double> Sums { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// <see cref="CommitmentTerms"/> flattened for storage (the domain records are not annotated for
/// polymorphic serialization): the kind, and the fields of that kind, each kind's rule saying which
/// (its <see cref="RuleKind"/>).
/// </summary>
internal sealed class TermsRecord
{
    public CommitmentKind Kind { get; set; }
    public double? Flop { get; set; }
    public double? Flop2 { get; set; }
    public TimeSpan? Duration { get; set; }
    public CountingBasis? Basis { get; set; }
    public Precision? Precision { get; set; }
    public ClusterUnit? Unit { get; set; }
    public ClusterScope? Scope { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public string? EndKind { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public int? Count { get; set; }
    public string? PartyId { get; set; }
    public string? Text { get; set; }
    public string? Trigger { get; set; }
    public NoticeTiming? Timing { get; set; }
    public bool? Flag { get; set; }
    public InspectionType? Inspection { get; set; }

    /// <summary><paramref name="terms"/> flattened by the rule of its kind.</summary>
    public static TermsRecord From(CommitmentTerms terms) => CommitmentRuleKinds.Store(terms);

    /// <summary>The terms read back by the rule of the stored kind.</summary>
    public CommitmentTerms ToTerms() => CommitmentRuleKinds.Load(this);
}
