using System.Security.Cryptography;
using System.Text;
using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Monitoring;

namespace Accord.Simulation.Engine;

/// <summary>
/// One party in one run: its aggregated devices and their ingest state, its real <see cref="ComplianceLedger"/>
/// with the agreement's commitments, what a compliant party would compute each step and what its strategy makes
/// of that, the inspections it draws, and what it has been found doing.
/// </summary>
internal sealed class PartySim : IDisposable
{
    private static readonly byte[] Leaf = new byte[32];
    private readonly Party party;
    private readonly StrategyPlay strategy;
    private readonly Scenario scenario;
    private readonly Random random;
    private readonly ComplianceLedger ledger;
    private readonly List<DeviceSim> devices = [];
    private readonly DateTimeOffset? pauseStart;
    private readonly DateTimeOffset? pauseEnd;
    private readonly double[]? dayFlop;
    private readonly double[]? dayReported;
    private readonly double[]? dayFree;
    private readonly byte[][] unregisteredHashes;
    private readonly RunTrace? trace;
    private readonly SortedSet<string> notVerifiable = new(StringComparer.Ordinal);
    private int runNumber;
    private double runFlop;
    private long period = -1;
    private double periodFlop;
    private double flop;
    private double free;
    private int rejected;
    private int falseAlarms;
    private double? detectedAfter;
    private string? detectedBy;
    private double? firstFalseAlarm;

    public PartySim(Party party, Scenario scenario, ComplianceOptions options, Random random, bool record, RunTrace? trace)
    {
        this.party = party;
        this.trace = trace;
        this.scenario = scenario;
        this.random = random;
        strategy = new StrategyPlay(party);
        ledger = new ComplianceLedger(party.Id, options);
        ledger.SetCommitments(AgreementCommitments.For(scenario.Agreement, SimulationRunner.Start));
        if (AgreementCommitments.PauseWindowOf(scenario.Agreement, SimulationRunner.Start) is { } pause)
        {
            (pauseStart, pauseEnd) = pause;
        }

        var seedBytes = new byte[PartyKeyPair.SeedSize];
        for (var f = 0; f < party.Fleets.Count; f++)
        {
            var fleet = party.Fleets[f];
            var shards = strategy.Shards(fleet);
            var group = new List<DeviceSim>();
            for (var s = 0; s < shards; s++)
            {
                PartyKeyPair? key = null;
                if (scenario.SignedShare > 0)
                {
                    random.NextBytes(seedBytes);
                    key = PartyKeyPair.FromSeed(seedBytes);
                }

                group.Add(new DeviceSim($"{party.Id}-f{f}-s{s}", fleet, f, shards, key));
            }

            foreach (var d in group)
            {
                d.Peers = [.. group.Where(o => o != d).Select(o => o.Hash)];
                d.PeerIds = [.. group.Where(o => o != d).Select(o => o.Id)];
                trace?.Devices.Add(new TracedDevice(party.Id, d.Id, fleet.Model, fleet.Count * Math.Max(1, Math.Pow(fleet.GrowthPerYear, scenario.HorizonDays / 365)) / shards));
            }

            devices.AddRange(group);
        }

        ledger.SetDeclaredDevices([.. devices.Select(d => d.Id)]);
        unregisteredHashes = [.. strategy.UnregisteredIds.Select(id => SHA256.HashData(Encoding.UTF8.GetBytes(id)))];
        for (var i = 0; i < strategy.SilentDevices(devices.Count); i++)
        {
            devices[i].Silent = true;
        }

        if (record)
        {
            var days = (int)Math.Ceiling(scenario.HorizonDays);
            dayFlop = new double[days + 1];
            dayReported = new double[days + 1];
            dayFree = new double[days + 1];
        }
    }

    public void Step(
        int step, DateTimeOffset t0, DateTimeOffset t1, IngestPolicy policy, Dictionary<string, DateTimeOffset?> lastEnds, ref long evidence, ref long reports, ref long signed)
    {
        var seconds = (t1 - t0).TotalSeconds;
        var hours = (t0 - SimulationRunner.Start).TotalHours;
        var years = hours / 8760;
        var cheating = strategy.CheatsAt(hours);
        var a = scenario.Agreement;

        // What the fleet would do without the agreement, per chip of each fleet.
        var chips = new double[party.Fleets.Count];
        var planned = 0.0;
        for (var f = 0; f < chips.Length; f++)
        {
            var fleet = party.Fleets[f];
            chips[f] = fleet.Count * Math.Pow(fleet.GrowthPerYear, years);
            planned += chips[f] * Peak(fleet.Model) * fleet.Utilization * seconds;
        }

        // What a compliant party does: idle in a pause, under the aggregate cap, new runs below the run cap.
        var p = (long)Math.Floor(hours / (a.AggregatePeriodDays * 24));
        if (p != period)
        {
            period = p;
            periodFlop = 0;
        }

        var allow = planned;
        if (pauseStart is { } ps && t1 > ps && t0 < pauseEnd)
        {
            allow = 0;
        }

        if (a.AggregateCapFlop is { } aggregate)
        {
            allow = Math.Min(allow, Math.Max(0, (aggregate * 0.98) - periodFlop));
        }

        if (a.RunCapFlop is { } runCap)
        {
            allow = Math.Min(allow, runCap * 0.98);
            if (runFlop + allow > runCap * 0.98)
            {
                runNumber++;
                runFlop = 0;
            }
        }

        var scale = planned > 0 ? allow / planned : 0;
        var workload = allow > 0 ? $"{party.Id}-run-{runNumber}" : string.Empty;
        var reportedTotal = 0.0;
        var trueTotal = 0.0;
        foreach (var d in devices)
        {
            var shardChips = chips[d.FleetIndex] / d.Shards;
            var perChipFree = Peak(d.Fleet.Model) * d.Fleet.Utilization * seconds;
            var (trueScale, reportScale, id) = strategy.Play(d, cheating, scale, workload);
            d.TrueFlopPerChip += perChipFree * trueScale;
            trueTotal += perChipFree * trueScale * shardChips;
            if (reportScale < 0)
            {
                continue;
            }

            var active = seconds * reportScale;
            var withUnregistered = strategy.NamesUnregistered(cheating, id);
            var peers = withUnregistered ? [.. d.Peers, .. unregisteredHashes] : d.Peers;
            var facts = new ReportFacts(
                d.Id, 1, d.State.LastSequence + 1, t0, t1, active > 0 ? id : string.Empty, active, d.Fleet.Utilization,
                700 * d.Fleet.Utilization * reportScale, active * Peak(d.Fleet.Model) * d.Fleet.Utilization, Precision.Bf16, peers, []);
            reports++;
            if (d.Key is { } key && random.NextDouble() < scenario.SignedShare)
            {
                signed++;
                if (!SignedAndVerified(facts, key))
                {
                    rejected++;
                    continue;
                }
            }

            var verdict = ReportIngestRules.Check(d.State, d.Id, d.Fleet.Model, facts, t1, policy);
            if (!verdict.IsAccepted)
            {
                rejected++;
                continue;
            }

            d.State = verdict.Next!;
            lastEnds[d.Id] = t1;
            var aggregateFlop = facts.EstimatedFlop * shardChips;
            reportedTotal += aggregateFlop;
            trace?.Reports.Add(new TracedReport(
                party.Id, d.Id, step, facts.WorkloadId, active / seconds, facts.Utilization, aggregateFlop, withUnregistered ? [.. d.PeerIds, .. strategy.UnregisteredIds] : d.PeerIds));
            var found = ledger.Ingest(
                new VerifiedReport(party.Id, d.Id, d.Fleet.Model, facts.WorkloadId, t0, t1, active, facts.Utilization, aggregateFlop, Precision.Bf16, peers, new EvidenceRef(evidence++, Leaf)),
                t1);
            Judge(found, hours + (seconds / 3600));
        }

        // Hidden and unregistered chips train off the books.
        var extraChips = strategy.ExtraChips(cheating, chips.Sum());
        trueTotal += extraChips * Peak(party.Fleets[0].Model) * party.Fleets[0].Utilization * seconds;
        runFlop += reportedTotal;
        periodFlop += reportedTotal;
        flop += trueTotal;
        free += planned + (extraChips * Peak(party.Fleets[0].Model) * party.Fleets[0].Utilization * seconds);
        Judge(ledger.Tick(t1, lastEnds), hours + (seconds / 3600));
        Inspect(chips.Sum(), extraChips, cheating, seconds, hours);
        if (dayFlop is not null)
        {
            var day = Math.Min((int)(hours / 24), dayFlop.Length - 1);
            dayFlop[day] += trueTotal;
            dayReported![day] += reportedTotal;
            dayFree![day] += planned;
        }
    }

    private void Inspect(double declaredChips, double extraChips, bool cheating, double seconds, double hours)
    {
        var terms = scenario.Agreement.Inspections;
        if (terms is null || random.NextDouble() >= terms.PerYear * seconds / (365 * 86400))
        {
            return;
        }

        var bad = extraChips;
        if (strategy.TampersWithCounters(cheating))
        {
            // Counters against what the real ingest state accumulated per chip.
            var mismatch = devices.Any(d => d.TrueFlopPerChip > 0 && Math.Abs(d.TrueFlopPerChip - d.State.TotalFlop) / d.TrueFlopPerChip > terms.Tolerance);
            bad = mismatch ? strategy.Share * declaredChips : 0;
        }

        var total = (int)Math.Round(declaredChips + extraChips);
        var remainingBad = (int)Math.Round(bad);
        var hit = false;
        for (var n = 0; n < Math.Min(terms.ChipsSampled, total) && remainingBad > 0; n++)
        {
            if (random.Next(total - n) < remainingBad)
            {
                hit = true;
                break;
            }
        }

        if (hit)
        {
            Record("inspection", hours + (seconds / 3600));
        }
    }

    /// <summary>Evaluates every commitment at <paramref name="now"/> and remembers those the evidence cannot show.</summary>
    public void Verify(DateTimeOffset now)
    {
        foreach (var evaluation in ledger.Evaluate(now))
        {
            if (evaluation.State == ComplianceState.NotVerifiable)
            {
                notVerifiable.Add(evaluation.CommitmentId);
            }
        }
    }

    private void Judge(IReadOnlyList<Violation> found, double hours)
    {
        foreach (var v in found)
        {
            Record(v.Rule, hours);
        }
    }

    private void Record(string rule, double hours)
    {
        trace?.Findings.Add(new TracedFinding(party.Id, rule, hours));
        if (hours < strategy.CheatFromHours)
        {
            falseAlarms++;
            firstFalseAlarm ??= hours;
        }
        else if (detectedAfter is null)
        {
            detectedAfter = hours - strategy.CheatFromHours;
            detectedBy = rule;
        }
    }

    private static bool SignedAndVerified(ReportFacts facts, PartyKeyPair key)
    {
        var payload = Encoding.UTF8.GetBytes(FormattableString.Invariant(
            $"{facts.DeviceId}\n{facts.BootEpoch}\n{facts.Sequence}\n{facts.IntervalStart.UtcTicks}\n{facts.IntervalEnd.UtcTicks}\n{facts.WorkloadId}\n{facts.ActiveSeconds:R}\n{facts.Utilization:R}\n{facts.EstimatedFlop:R}"));
        var envelope = EnvelopeSigner.Sign(SimulationRunner.ReportPayloadType, payload, key);
        return EnvelopeVerifier.Verify(envelope, key.PublicKey) == EnvelopeCheck.Valid;
    }

    private static double Peak(DeviceModel model) => DeviceModels.PeakDenseFlopPerSecond(model, Precision.Bf16);

    public PartyOutcome Outcome() => new(party.Id, strategy.Strategy, detectedAfter, detectedBy, falseAlarms, flop, free, rejected, firstFalseAlarm, [.. notVerifiable]);

    public Trajectory Trajectory() => new(
        party.Id,
        dayFlop is null ? [] : [.. Enumerable.Range(0, dayFlop.Length - 1).Select(i => new DayPoint(i, dayFlop[i], dayReported![i], dayFree![i]))]);

    public void Dispose()
    {
        foreach (var d in devices)
        {
            d.Key?.Dispose();
        }
    }
}
