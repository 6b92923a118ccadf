using Accord.Core.Monitoring;
using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Devices;

/// <summary>Recorded missing evidence: a sequence gap or a silence.</summary>
[GenerateSerializer, Immutable, Alias("accord.evidence-gap")]
public sealed record EvidenceGapEntry
{
    [Id(0)] public required ulong BootEpoch { get; init; }
    [Id(1)] public required ulong FirstSequence { get; init; }
    [Id(2)] public required ulong LastSequence { get; init; }
    [Id(3)] public required DateTimeOffset From { get; init; }
    [Id(4)] public DateTimeOffset? Until { get; init; }
    [Id(5)] public required string Kind { get; init; }
}

/// <summary>A challenge issued to a device: single-use until it expires.</summary>
[GenerateSerializer, Immutable, Alias("accord.device-challenge")]
public sealed record ChallengeEntry
{
    [Id(0)] public required byte[] Nonce { get; init; }
    [Id(1)] public required DateTimeOffset ExpiresAt { get; init; }
    [Id(2)] public bool Used { get; init; }
    /// <summary>The party whose signed request or stream it answered; empty when anyone asked.</summary>
    [Id(3)] public string IssuedTo { get; init; } = "";
}

/// <summary>One device: identity, owner, reporting key, ingest position, totals and evidence gaps.</summary>
[GenerateSerializer, Immutable, Alias("accord.device-state")]
public sealed record DeviceState
{
    [Id(0)] public string DeviceId { get; init; } = "";
    [Id(1)] public string PartyId { get; init; } = "";
    /// <summary>Name of the <c>Accord.Core.Monitoring.DeviceModel</c> member.</summary>
    [Id(2)] public string Model { get; init; } = "";
    [Id(3)] public ImmutableList<byte[]> Chain { get; init; } = [];
    [Id(4)] public string RootSha256 { get; init; } = "";
    [Id(5)] public ImmutableSortedDictionary<int, string> Measurements { get; init; } = ImmutableSortedDictionary<int, string>.Empty;
    [Id(6)] public DateTimeOffset EnrolledAt { get; init; }
    [Id(7)] public StoredEnvelope? Enrolment { get; init; }
    [Id(8)] public string Revocation { get; init; } = "";
    [Id(9)] public ImmutableList<ChallengeEntry> Challenges { get; init; } = [];
    [Id(10)] public ulong BootEpoch { get; init; }
    [Id(11)] public byte[] ReportingKey { get; init; } = [];
    [Id(12)] public DateTimeOffset ReportingKeyNotAfter { get; init; }
    [Id(13)] public ulong LastSequence { get; init; }
    [Id(14)] public DateTimeOffset? LastIntervalEnd { get; init; }
    [Id(15)] public ulong Reports { get; init; }
    [Id(16)] public double TotalFlop { get; init; }
    [Id(17)] public double TotalActiveSeconds { get; init; }
    [Id(18)] public ImmutableList<EvidenceGapEntry> Gaps { get; init; } = [];
    // Id 19 is retired (a list of recent report hashes; duplicates are now found in the log).
    [Id(20)] public DateTimeOffset? SilentSince { get; init; }
    [Id(21)] public long EnrolmentLogIndex { get; init; } = -1;
    [Id(22)] public DateTimeOffset ReportingKeyNotBefore { get; init; }

    public bool IsEnrolled => Enrolment is not null;
}

/// <summary>What happened to one report.</summary>
public enum ReportDisposition
{
    Accepted,
    Duplicate,
    Rejected,
}

/// <summary>The result for one report of a batch, by its position in the batch.</summary>
[GenerateSerializer, Immutable, Alias("accord.report-result")]
public sealed record ReportResultEntry
{
    [Id(0)] public required int Position { get; init; }
    [Id(1)] public required string DeviceId { get; init; }
    [Id(2)] public required ulong Sequence { get; init; }
    [Id(3)] public required ReportDisposition Disposition { get; init; }
    [Id(4)] public string Reason { get; init; } = "";
    [Id(5)] public string Message { get; init; } = "";
    [Id(6)] public long LogIndex { get; init; } = -1;
}

/// <summary>
/// A report handed to a device grain: its position in the batch and the report as the server read it once
/// (the envelope as received, payload bytes unchanged, and what its payload says).
/// </summary>
[GenerateSerializer, Immutable, Alias("accord.report-submission")]
public sealed record ReportSubmission
{
    [Id(0)] public required int Position { get; init; }

    // [Id(1)] was the envelope alone; the report below carries it, so the bytes the grain logs are the bytes it verifies.
    [Id(2)] public required SignedReport Report { get; init; }
}

/// <summary>A device's answer to one batch: results and a fresh challenge.</summary>
[GenerateSerializer, Immutable, Alias("accord.ingest-result")]
public sealed record IngestResult
{
    [Id(0)] public required ImmutableList<ReportResultEntry> Results { get; init; }
    [Id(1)] public ChallengeEntry? Challenge { get; init; }
}

/// <summary>A trust snapshot handed to a device grain to verify a chain.</summary>
[GenerateSerializer, Immutable, Alias("accord.trust-snapshot")]
public sealed record TrustSnapshotData
{
    [Id(0)] public required ImmutableList<byte[]> Roots { get; init; }
    [Id(1)] public required ImmutableHashSet<string> Revoked { get; init; }
}
