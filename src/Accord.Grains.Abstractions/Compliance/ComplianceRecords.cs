namespace Accord.Grains.Abstractions.Compliance;

/// <summary>A logged signed object that evidence points at.</summary>
[GenerateSerializer, Immutable, Alias("accord.evidence-ref")]
public sealed record EvidenceData
{
    [Id(0)] public required long LogIndex { get; init; }
    [Id(1)] public required byte[] LeafHash { get; init; }
}

/// <summary>A report that passed every ingest check, as the compliance engine needs it.</summary>
[GenerateSerializer, Immutable, Alias("accord.verified-report")]
public sealed record VerifiedReportData
{
    [Id(0)] public required string DeviceId { get; init; }
    /// <summary>Name of the <c>Accord.Core.Monitoring.DeviceModel</c> member.</summary>
    [Id(1)] public required string Model { get; init; }
    [Id(2)] public required string WorkloadId { get; init; }
    [Id(3)] public required DateTimeOffset IntervalStart { get; init; }
    [Id(4)] public required DateTimeOffset IntervalEnd { get; init; }
    [Id(5)] public required double ActiveSeconds { get; init; }
    [Id(6)] public required double Utilization { get; init; }
    [Id(7)] public required double EstimatedFlop { get; init; }
    /// <summary>Name of the <c>Accord.Core.Commitments.Precision</c> member.</summary>
    [Id(8)] public required string Precision { get; init; }
    [Id(9)] public required ImmutableList<byte[]> PeerDeviceHashes { get; init; }
    [Id(10)] public required EvidenceData Evidence { get; init; }
}

/// <summary>A breach found on evidence, with its place in the violation feed.</summary>
[GenerateSerializer, Immutable, Alias("accord.violation")]
public sealed record ViolationData
{
    [Id(0)] public required string ViolationId { get; init; }
    [Id(1)] public required string PartyId { get; init; }
    [Id(2)] public required string CommitmentId { get; init; }
    [Id(3)] public required string Rule { get; init; }
    [Id(4)] public required string Subject { get; init; }
    [Id(5)] public required double Measured { get; init; }
    [Id(6)] public required double Limit { get; init; }
    [Id(7)] public required string Unit { get; init; }
    [Id(8)] public required string Basis { get; init; }
    [Id(9)] public required ImmutableList<EvidenceData> Evidence { get; init; }
    [Id(10)] public required DateTimeOffset DetectedAt { get; init; }
    [Id(11)] public required string Explanation { get; init; }
    /// <summary>The log checkpoint (signed note) whose tree contains the evidence.</summary>
    [Id(12)] public string Checkpoint { get; init; } = "";
    /// <summary>Position in the feed; 0 until the feed assigns it.</summary>
    [Id(13)] public ulong Sequence { get; init; }
}

/// <summary>One commitment judged on the evidence.</summary>
[GenerateSerializer, Immutable, Alias("accord.evaluation")]
public sealed record EvaluationData
{
    [Id(0)] public required string CommitmentId { get; init; }
    /// <summary>Holds, Breached or NotVerifiable.</summary>
    [Id(1)] public required string State { get; init; }
    [Id(2)] public required string Why { get; init; }
    [Id(3)] public double? Measured { get; init; }
    [Id(4)] public double? Limit { get; init; }
    [Id(5)] public required string Basis { get; init; }
}

/// <summary>One commitment as the ledger judges it, with the span it binds in.</summary>
[GenerateSerializer, Immutable, Alias("accord.ledger-finding")]
public sealed record LedgerFindingData
{
    [Id(0)] public required EvaluationData Evaluation { get; init; }
    [Id(1)] public required DateTimeOffset ActiveFrom { get; init; }
    [Id(2)] public DateTimeOffset? ActiveUntil { get; init; }
}

/// <summary>What a party's ledger finds at one moment.</summary>
[GenerateSerializer, Immutable, Alias("accord.ledger-findings")]
public sealed record LedgerFindingsData
{
    /// <summary>The moment judged (the ledger was ticked to it).</summary>
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public required ImmutableList<LedgerFindingData> Findings { get; init; }
    /// <summary>The party's declared (enrolled) devices.</summary>
    [Id(2)] public required ImmutableList<string> DeclaredDevices { get; init; }
}

/// <summary>The public view of a party's compliance.</summary>
[GenerateSerializer, Immutable, Alias("accord.compliance-status")]
public sealed record ComplianceStatusData
{
    [Id(0)] public required ImmutableList<EvaluationData> Commitments { get; init; }
    [Id(1)] public required ulong Reports { get; init; }
    [Id(2)] public required double TotalFlop { get; init; }
    [Id(3)] public required int Devices { get; init; }
    [Id(4)] public required int SilentDevices { get; init; }
}

/// <summary>A party's compliance: the engine's durable state, and what it has seen.</summary>
[GenerateSerializer, Immutable, Alias("accord.compliance-state")]
public sealed record ComplianceGrainState
{
    [Id(0)] public byte[] Ledger { get; init; } = [];
    [Id(1)] public ulong Reports { get; init; }
    [Id(2)] public double TotalFlop { get; init; }
    [Id(3)] public ImmutableHashSet<string> RaisedViolations { get; init; } = [];
    /// <summary>Violations written with the ledger but not yet confirmed published to the feed and their commitments (an outbox).</summary>
    [Id(4)] public ImmutableList<ViolationData> Unpublished { get; init; } = [];
}

/// <summary>The violation feed: every violation in the order found.</summary>
[GenerateSerializer, Immutable, Alias("accord.violation-feed-state")]
public sealed record ViolationFeedState
{
    [Id(0)] public ImmutableList<ViolationData> Violations { get; init; } = [];
}

/// <summary>A subscriber's resume point.</summary>
[GenerateSerializer, Immutable, Alias("accord.subscriber-state")]
public sealed record SubscriberState
{
    [Id(0)] public ulong Acknowledged { get; init; }
}
