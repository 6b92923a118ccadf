using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Compliance;

/// <summary>One party's compliance, keyed by party id: commitments judged on its verified reports.</summary>
[Alias("accord.compliance")]
public interface IComplianceGrain : IGrainWithStringKey
{
    /// <summary>Feeds verified reports; new violations go to the feed and mark their commitments breached.</summary>
    [Alias("ingest")]
    Task Ingest(ImmutableList<VerifiedReportData> reports, CancellationToken cancellationToken = default);

    /// <summary>Records a training notification.</summary>
    [Alias("notice")]
    Task AddNotice(string workloadId, double expectedFlop, DateTimeOffset signedAt, EvidenceData evidence, CancellationToken cancellationToken = default);

    /// <summary>Closes windows that ended (coverage, periods, notice deadlines) as of now.</summary>
    [Alias("tick")]
    Task Tick(CancellationToken cancellationToken = default);

    /// <summary>Told when the party's commitments or devices change, so they are read again.</summary>
    [Alias("changed")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task Changed();

    [Alias("status")]
    Task<ComplianceStatusData> GetStatus();

    /// <summary>
    /// Ticks the ledger to now, then returns what it finds at that moment: each commitment that has begun
    /// binding, with the span the ledger used, and the party's declared devices (what a verdict is made of).
    /// </summary>
    [Alias("findings")]
    Task<LedgerFindingsData> GetFindings(CancellationToken cancellationToken = default);
}

/// <summary>All violations in the order found, with sequence numbers (one grain, key <see cref="Key"/>).</summary>
[Alias("accord.violation-feed")]
public interface IViolationFeedGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>Appends violations not seen before (by id); returns them with their sequence numbers.</summary>
    [Alias("append")]
    Task<ImmutableList<ViolationData>> Append(ImmutableList<ViolationData> violations, CancellationToken cancellationToken = default);

    /// <summary>Violations after a sequence number, optionally of one party, at most <paramref name="max"/>.</summary>
    [Alias("read")]
    Task<ImmutableList<ViolationData>> Read(ulong after, string? partyId, int max);

    /// <summary>The last sequence number in the feed (0 when empty).</summary>
    [Alias("last")]
    Task<ulong> LastSequence();

    /// <summary>Completes when the feed holds a violation after <paramref name="after"/>, or after the timeout; returns the last sequence.</summary>
    [Alias("wait")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ulong> WaitAfter(ulong after, TimeSpan timeout);
}

/// <summary>A subscriber's acknowledged position in the violation feed, keyed by subscriber party id.</summary>
[Alias("accord.violation-subscriber")]
public interface IViolationSubscriberGrain : IGrainWithStringKey
{
    [Alias("ack")]
    Task<Outcome<ulong>> Acknowledge(ulong sequence, CancellationToken cancellationToken = default);

    [Alias("get")]
    Task<ulong> Acknowledged();
}
