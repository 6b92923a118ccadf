using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Accord.Grains.Telemetry;

/// <summary>
/// The server's own instruments (meter and activity source "Accord.Server"), named and tagged after the
/// OpenTelemetry semantic conventions: dotted lowercase names, UCUM units, low-cardinality tags.
/// docs/operations.md ("Monitoring") lists each one.
/// </summary>
public sealed class AccordMetrics
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Accord.Server";

    /// <summary>The source of the server's spans (batch ingest, signed-request authentication).</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _reportsIngested;
    private readonly Counter<long> _verificationFailures;
    private readonly Histogram<double> _ingestDuration;
    private readonly Histogram<double> _logAppendDuration;
    private readonly Counter<long> _violations;
    private readonly Counter<long> _rateLimited;
    private Func<long>? _logSize;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/> (or a meter of its own without one).</summary>
    public AccordMetrics(IMeterFactory? meters = null)
    {
        Meter = meters?.Create(Name) ?? new Meter(Name);
        _reportsIngested = Meter.CreateCounter<long>("accord.reports.ingested", "{report}",
            "Monitoring reports answered on the stream, by result (accepted, duplicate, rejected).");
        _verificationFailures = Meter.CreateCounter<long>("accord.verification.failures", "{failure}",
            "Reports and signed requests that failed verification, by kind (report, request) and reason.");
        _ingestDuration = Meter.CreateHistogram<double>("accord.ingest.duration", "s",
            "From a report batch's arrival to its ack (reports verified, logged and durable).");
        _logAppendDuration = Meter.CreateHistogram<double>("accord.log.append.duration", "s",
            "From an append request to the durable, signed checkpoint that includes the entry (the log's lag).");
        _violations = Meter.CreateCounter<long>("accord.violations.raised", "{violation}",
            "Commitment violations raised by the compliance engine, by rule.");
        _rateLimited = Meter.CreateCounter<long>("accord.requests.rate_limited", "{request}",
            "Calls or report batches refused with RESOURCE_EXHAUSTED by a rate limit, by limit (requests, reads, reports).");
        Meter.CreateObservableGauge("accord.log.size", ObserveLogSize, "{entry}",
            "The transparency log's tree size at its latest signed checkpoint (reported by the silo that holds the log).");
    }

    /// <summary>The meter the instruments are on.</summary>
    public Meter Meter { get; }

    /// <summary>Counts one answered report.</summary>
    public void ReportIngested(string result) => _reportsIngested.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts one report or request that did not verify.</summary>
    public void VerificationFailed(string kind, string reason) =>
        _verificationFailures.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Records how long a batch took from arrival to ack.</summary>
    public void BatchIngested(TimeSpan elapsed) => _ingestDuration.Record(elapsed.TotalSeconds);

    /// <summary>Records how long an entry took from append request to durable checkpoint.</summary>
    public void LogAppended(TimeSpan elapsed) => _logAppendDuration.Record(elapsed.TotalSeconds);

    /// <summary>Counts one violation raised.</summary>
    public void ViolationRaised(string rule) => _violations.Add(1, new KeyValuePair<string, object?>("rule", rule));

    /// <summary>Counts one call or batch refused by the named limit.</summary>
    public void RateLimited(string limit) => _rateLimited.Add(1, new KeyValuePair<string, object?>("limit", limit));

    /// <summary>The log's activation says where its size is read from (null when it deactivates).</summary>
    public void TrackLogSize(Func<long>? treeSize) => Volatile.Write(ref _logSize, treeSize);

    private IEnumerable<Measurement<long>> ObserveLogSize() =>
        Volatile.Read(ref _logSize) is { } size ? [new Measurement<long>(size())] : [];
}
