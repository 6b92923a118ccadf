using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Monitoring;

namespace Accord.Bench;

/// <summary>
/// Times <see cref="ComplianceLedger.Ingest"/> on synthetic verified reports (what <c>accord bench compliance</c>
/// calls): H100s in collectives of 64 (each names its 63 peers, so every report is fingerprinted over 64 hashes),
/// one-minute reports at seeded random utilisation in [0.3, 0.7), every device reporting every minute; each
/// collective starts a new workload id every simulated hour, half of them notified in advance, and runs idle
/// for two hours are retired, so runs come and go as history grows. The ledger holds one commitment of every
/// kind (docs/compliance.md, "Benchmark"). Report records are generated in untimed batches; the time counted
/// is ingestion plus one <see cref="ComplianceLedger.Tick"/> per simulated minute.
/// </summary>
public static class ComplianceBenchmark
{
    private const int Collective = 64;
    private const int BatchMinutes = 16;

    /// <summary>
    /// Feeds <paramref name="reports"/> reports from <paramref name="devices"/> devices through a ledger and
    /// returns the mean cost per report in nanoseconds and the number of reports fed. A warm-up of 100,000 reports
    /// on a separate ledger runs first, untimed, so that tiered JIT compilation has settled.
    /// </summary>
    public static (double NsPerReport, long Reports) Run(long reports, int devices, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reports, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        Feed(100_000, devices, seed + 1);
        return Feed(reports, devices, seed);
    }

    private static (double NsPerReport, long Reports) Feed(long reports, int devices, int seed)
    {
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ledger = new ComplianceLedger("bench-lab", new ComplianceOptions(TimeSpan.FromHours(2), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
        ledger.SetCommitments(Commitments(start));
        var ids = Enumerable.Range(0, devices).Select(i => $"h100-{i:D6}").ToArray();
        ledger.SetDeclaredDevices(ids);
        var hashes = ids.Select(id => SHA256.HashData(Encoding.UTF8.GetBytes(id))).ToArray();
        var peers = new IReadOnlyList<byte[]>[devices];
        for (var i = 0; i < devices; i++)
        {
            var group = i / Collective * Collective;
            peers[i] = Enumerable.Range(group, Math.Min(Collective, devices - group)).Where(j => j != i).Select(j => hashes[j]).ToArray();
        }

        var random = new Random(seed);
        var leaf = new byte[32];
        var peak = DeviceModels.PeakDenseFlopPerSecond(DeviceModel.H100Sxm, Precision.Bf16);
        var noLastEnds = new Dictionary<string, DateTimeOffset?>();
        var batch = new List<VerifiedReport>(BatchMinutes * devices);
        var noticeFor = new HashSet<string>(StringComparer.Ordinal);
        var fed = 0L;
        var minute = 0;
        var elapsed = TimeSpan.Zero;
        while (fed < reports)
        {
            // Untimed: the next batch of minutes.
            batch.Clear();
            var firstMinute = minute;
            for (var m = 0; m < BatchMinutes && fed + batch.Count < reports; m++, minute++)
            {
                var t = start.AddMinutes(minute);
                var hour = minute / 60;
                if (minute % 60 == 0)
                {
                    for (var g = 0; g < devices; g += 2 * Collective)
                    {
                        noticeFor.Add($"run-{g / Collective}-{hour}");
                    }
                }

                for (var i = 0; i < devices && fed + batch.Count < reports; i++)
                {
                    var utilization = 0.3 + (0.4 * random.NextDouble());
                    batch.Add(new VerifiedReport(
                        "bench-lab",
                        ids[i],
                        DeviceModel.H100Sxm,
                        $"run-{i / Collective}-{hour}",
                        t,
                        t.AddMinutes(1),
                        60,
                        utilization,
                        60 * peak * utilization,
                        Precision.Bf16,
                        peers[i],
                        new EvidenceRef(fed + batch.Count, leaf)));
                }
            }

            // Timed: ingest, a tick per minute, and a notice for half the runs as they start.
            var sw = Stopwatch.StartNew();
            var at = firstMinute;
            foreach (var report in batch)
            {
                var reportMinute = (int)((report.IntervalStart - start).Ticks / TimeSpan.TicksPerMinute);
                if (reportMinute != at)
                {
                    ledger.Tick(start.AddMinutes(reportMinute), noLastEnds);
                    at = reportMinute;
                }

                if (reportMinute % 60 == 0 && noticeFor.Remove(report.WorkloadId))
                {
                    ledger.AddNotice(new TrainingNotice(report.WorkloadId, 2e25, report.IntervalStart, report.Evidence), report.IntervalStart);
                }

                ledger.Ingest(report, report.IntervalEnd);
            }

            sw.Stop();
            elapsed += sw.Elapsed;
            fed += batch.Count;
        }

        return (elapsed.TotalNanoseconds / fed, fed);
    }

    /// <summary>One commitment of every kind, as a lab under the draft international agreement might hold.</summary>
    private static ActiveCommitment[] Commitments(DateTimeOffset start)
    {
        var bf16 = new ComputeMeasure(CountingBasis.EstimatedFromUtilization, Precision.Bf16);
        return
        [
            new("run-cap", new TrainingRunComputeCap(1e24, bf16), start, null),
            new("aggregate", new AggregateComputeCap(1e27, TimeSpan.FromDays(30), bf16), start, null),
            new("cluster", new ClusterSizeCap(ClusterUnit.H100Equivalents, 100_000, Precision.Bf16, ClusterScope.AllFacilities), start, null),
            new("unmonitored", new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.UnmonitoredFacilities), start, null),
            new("pause", new PauseWindow(1e26, start.AddYears(1), new PauseForMonths(6), null), start, null),
            new("notify", new NotifyTraining(1e25, TimeSpan.FromDays(14), NoticeTiming.AfterThreshold, true, "eu-ai-office", bf16), start, null),
            new("coverage", new MonitoringCoverage(0.95, TimeSpan.FromHours(1)), start, null),
            new("band", new MonitoredBand(1e22, 1e24), start, null),
            new("inspection", new InspectionAccess(TimeSpan.FromDays(1), InspectionType.Challenge, 12), start, null),
        ];
    }
}
