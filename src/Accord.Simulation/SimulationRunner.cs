// The simulation engine (docs/simulation.md, "What the engine runs"): synthetic aggregated devices produce
// monitoring reports; a sampled share is signed with Ed25519 (RFC 8032, via DSSE envelopes) and verified; every
// report goes through the real ReportIngestRules and the real ComplianceLedger; inspections sample chips.
using System.Security.Cryptography;
using System.Text;
using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Monitoring;
using Accord.Simulation.Models;

namespace Accord.Simulation;

/// <summary>Runs a scenario's Monte Carlo over seeds, in parallel and deterministically per seed.</summary>
public static class SimulationRunner
{
    /// <summary>The simulated clock's start.</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The payload type of simulated signed reports.</summary>
    public const string ReportPayloadType = "application/vnd.accord.simulated-report+text";

    /// <summary>
    /// Runs <paramref name="runs"/> Monte Carlo runs of <paramref name="scenario"/> from <paramref name="seed"/>
    /// (run i uses a generator seeded from seed and i, so the result does not depend on scheduling).
    /// </summary>
    public static SimulationResult Run(Scenario scenario, int runs, int seed, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        scenario.Validate();
        var outcomes = new RunOutcome[runs];
        var trajectories = Array.Empty<Trajectory>();
        var done = 0;
        Parallel.For(0, runs, i =>
        {
            var world = new World(scenario, seed, i, record: i == 0);
            outcomes[i] = world.Play();
            if (i == 0)
            {
                trajectories = world.Trajectories();
            }

            progress?.Report((double)Interlocked.Increment(ref done) / runs);
        });

        return Summarise(scenario, runs, seed, outcomes, trajectories);
    }

    /// <summary>
    /// Plays run <paramref name="run"/> of <paramref name="scenario"/> from <paramref name="seed"/> alone (the same
    /// run <see cref="Run"/> plays) and records its devices, accepted reports and findings.
    /// </summary>
    public static RunTrace Trace(Scenario scenario, int seed, int run = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario.Validate();
        var trace = new RunTrace();
        var world = new World(scenario, seed, run, record: false, trace);
        trace.Outcome = world.Play();
        return trace;
    }

    /// <summary>The seed of run <paramref name="run"/>: SplitMix64 of seed and run, folded to 31 bits.</summary>
    internal static int RunSeed(int seed, int run)
    {
        var z = ((ulong)(uint)seed << 32) + (uint)run + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private static SimulationResult Summarise(Scenario scenario, int runs, int seed, RunOutcome[] outcomes, Trajectory[] trajectories)
    {
        var strategies = new List<StrategyStats>();
        foreach (var strategy in Enum.GetValues<Strategy>().Where(s => s != Strategy.Compliant))
        {
            var cases = outcomes.SelectMany(o => o.Parties).Where(p => p.Strategy == strategy).ToList();
            if (cases.Count == 0)
            {
                continue;
            }

            var found = cases.Where(c => c.DetectedAfterHours is not null).Select(c => c.DetectedAfterHours!.Value).Order().ToList();
            var by = cases.Where(c => c.DetectedBy is not null).GroupBy(c => c.DetectedBy!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            strategies.Add(new StrategyStats(
                strategy,
                cases.Count,
                (double)found.Count / cases.Count,
                found.Count > 0 ? found.Average() : null,
                found.Count > 0 ? found[found.Count / 2] : null,
                by));
        }

        var falseAlarms = outcomes.Sum(o => o.Parties.Sum(p => p.FalseAlarms));
        var heldBack = outcomes.Average(o =>
        {
            var free = o.Parties.Sum(p => p.UnconstrainedFlop);
            return free > 0 ? 1 - (o.Parties.Sum(p => p.Flop) / free) : 0;
        });

        var agreement = scenario.Agreement;
        var inspections = agreement.Inspections ?? new InspectionTerms();
        var sanctions = agreement.Sanctions ?? new SanctionTerms();
        var years = scenario.HorizonDays / 365.0;
        var deterrence = scenario.Parties.Select(p =>
        {
            var chips = p.Fleets.Sum(f => f.Count);
            var diverted = (int)Math.Clamp(Math.Round(chips * (p.Acts.Strategy == Strategy.Compliant ? 0.1 : p.Acts.Share)), 1, chips);
            var falseRate = (double)outcomes.Count(o => o.Parties.Any(q => q.PartyId == p.Id && q.FalseAlarms > 0)) / runs;
            return new PartyDeterrence(p.Id, InspectionModel.Assess(
                chips, diverted, inspections.ChipsSampled, (int)Math.Round(inspections.PerYear * years), sanctions.Gain, sanctions.Sanction, sanctions.FalseAlarmLoss, falseRate));
        }).ToList();

        var race = scenario.Race ?? new RaceParameters(scenario.Parties.Count, 1.0, 1.0);
        var verified = scenario.Parties.Count(p => p.Acts.Strategy == Strategy.Compliant);
        var raceWith = RaceModel.UnderAgreement(race, verified, CapEffect.MergeVerifiedTeams);
        var raceResult = new RaceComparison(race, RaceModel.DisasterProbability(race), raceWith, RaceModel.DisasterProbability(raceWith), CapEffect.MergeVerifiedTeams);

        double? capPerDay = agreement.AggregateCapFlop is { } cap ? cap / agreement.AggregatePeriodDays : null;
        return new SimulationResult(
            scenario.Name,
            runs,
            seed,
            (double)outcomes.Count(o => o.Holds) / runs,
            (double)outcomes.Count(o => o.NotVerifiable) / runs,
            strategies,
            falseAlarms,
            (double)outcomes.Count(o => o.Parties.Any(p => p.FalseAlarms > 0)) / runs,
            heldBack,
            outcomes.Average(o => (double)o.Reports),
            outcomes.Average(o => (double)o.Signed),
            outcomes.Sum(o => o.Parties.Sum(p => p.Rejected)),
            deterrence,
            raceResult,
            SafetyFeedbackModel.Compare(scenario.Feedback ?? new SafetyFeedbackParameters()),
            capPerDay,
            trajectories,
            DetectionTimelines.Build(scenario, outcomes),
            scenario.Settlement,
            outcomes);
    }

    /// <summary>One Monte Carlo run: every party's devices, ledger and inspectors.</summary>
    private sealed class World(Scenario scenario, int seed, int run, bool record, RunTrace? trace = null)
    {
        private readonly Random random = new(RunSeed(seed, run));
        private readonly List<PartySim> parties = [];
        private long reports;
        private long signed;

        public RunOutcome Play()
        {
            var interval = TimeSpan.FromMinutes(scenario.ReportIntervalMinutes);
            var steps = (int)Math.Ceiling(scenario.HorizonDays * 1440 / scenario.ReportIntervalMinutes);
            if (trace is not null)
            {
                trace.Steps = steps;
            }

            var policy = IngestPolicy.Default with { ReportInterval = interval, MaxClockSkew = TimeSpan.FromMinutes(5) };
            // Devices report every interval, so two intervals of silence stop the evidence (never less than the default).
            var options = new ComplianceOptions(TimeSpan.FromDays(30), interval, interval)
            {
                Silence = TimeSpan.FromTicks(Math.Max(ComplianceOptions.Default.Silence.Ticks, 2 * interval.Ticks)),
            };
            foreach (var p in scenario.Parties)
            {
                parties.Add(new PartySim(p, scenario, options, random, record, trace));
            }

            var lastEnds = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
            var evidenceIndex = 0L;
            var stepsPerDay = Math.Max(1, (int)Math.Round(1440 / scenario.ReportIntervalMinutes));
            for (var step = 0; step < steps; step++)
            {
                var t0 = Start + (interval * step);
                var t1 = t0 + interval;
                foreach (var party in parties)
                {
                    party.Step(step, t0, t1, policy, lastEnds, ref evidenceIndex, ref reports, ref signed);
                }

                if ((step + 1) % stepsPerDay == 0 || step == steps - 1)
                {
                    foreach (var party in parties)
                    {
                        party.Verify(t1);
                    }
                }
            }

            var result = parties.Select(p => p.Outcome()).ToList();
            foreach (var p in parties)
            {
                p.Dispose();
            }

            return new RunOutcome(run, result, reports, signed);
        }

        public Trajectory[] Trajectories() => [.. parties.Select(p => p.Trajectory())];
    }

    private sealed class DeviceSim(string id, Fleet fleet, int fleetIndex, int shards, PartyKeyPair? key)
    {
        public string Id { get; } = id;
        public Fleet Fleet { get; } = fleet;
        public int FleetIndex { get; } = fleetIndex;
        public int Shards { get; } = shards;
        public PartyKeyPair? Key { get; } = key;
        public byte[] Hash { get; } = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        public DeviceReportingState State { get; set; } = DeviceReportingState.ForEpoch(1, null);
        public IReadOnlyList<byte[]> Peers { get; set; } = [];
        public IReadOnlyList<string> PeerIds { get; set; } = [];
        public bool Silent { get; set; }
        public double TrueFlopPerChip { get; set; }
    }

    private sealed class PartySim : IDisposable
    {
        private static readonly byte[] Leaf = new byte[32];
        private readonly Party party;
        private readonly Behaviour acts;
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
        private readonly string[] unregisteredIds;
        private readonly RunTrace? trace;
        private readonly double cheatFrom;
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
            acts = party.Acts;
            cheatFrom = acts.Strategy == Strategy.Compliant ? double.PositiveInfinity : acts.FromDay * 24;
            ledger = new ComplianceLedger(party.Id, options);
            var a = scenario.Agreement;
            var bf16 = new ComputeMeasure(CountingBasis.EstimatedFromUtilization, Precision.Bf16);
            var commitments = new List<ActiveCommitment>();
            if (a.RunCapFlop is { } runCap)
            {
                commitments.Add(new("run-cap", new TrainingRunComputeCap(runCap, bf16), Start, null));
            }

            if (a.AggregateCapFlop is { } aggregate)
            {
                commitments.Add(new("aggregate-cap", new AggregateComputeCap(aggregate, TimeSpan.FromDays(a.AggregatePeriodDays), bf16), Start, null));
            }

            if (a.Pause is { } pause)
            {
                pauseStart = Start.AddDays(pause.StartDay);
                pauseEnd = pauseStart.Value.AddMonths(pause.Months);
                commitments.Add(new("pause", new PauseWindow(pause.ScopeMinFlop, pauseStart, new PauseForMonths(pause.Months), null), Start, null));
            }

            if (a.Coverage is { } coverage)
            {
                commitments.Add(new("coverage", new MonitoringCoverage(coverage.MinShare, TimeSpan.FromHours(coverage.WindowHours)), Start, null));
            }

            if (a.Band is { } band)
            {
                commitments.Add(new("band", new MonitoredBand(band.MinFlop, band.MaxFlop), Start, null));
            }

            ledger.SetCommitments(commitments);
            var seedBytes = new byte[PartyKeyPair.SeedSize];
            for (var f = 0; f < party.Fleets.Count; f++)
            {
                var fleet = party.Fleets[f];
                var shards = acts.Strategy == Strategy.SplitRun ? Math.Max(2, fleet.Shards) : fleet.Shards;
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
            var unregistered = acts.Strategy == Strategy.UnregisteredChips ? Math.Max(1, (int)Math.Ceiling(acts.Share * 8)) : 0;
            unregisteredIds = [.. Enumerable.Range(0, unregistered).Select(i => $"{party.Id}-unregistered-{i}")];
            unregisteredHashes = [.. unregisteredIds.Select(id => SHA256.HashData(Encoding.UTF8.GetBytes(id)))];
            if (acts.Strategy == Strategy.GoSilent)
            {
                var silent = Math.Max(1, (int)Math.Ceiling(acts.Share * devices.Count));
                for (var i = 0; i < silent; i++)
                {
                    devices[i].Silent = true;
                }
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
            var hours = (t0 - Start).TotalHours;
            var years = hours / 8760;
            var cheating = hours >= cheatFrom;
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
            var split = cheating && acts.Strategy == Strategy.SplitRun;
            var full = cheating && acts.Strategy is Strategy.SplitRun or Strategy.UnderReport;
            var workload = allow > 0 ? $"{party.Id}-run-{runNumber}" : string.Empty;
            var reportedTotal = 0.0;
            var trueTotal = 0.0;
            foreach (var d in devices)
            {
                var shardChips = chips[d.FleetIndex] / d.Shards;
                var perChipFree = Peak(d.Fleet.Model) * d.Fleet.Utilization * seconds;
                var silent = d.Silent && cheating;
                var trueScale = full || silent ? 1.0 : scale;
                var reportScale = split ? 1.0 : silent ? -1 : scale;
                d.TrueFlopPerChip += perChipFree * trueScale;
                trueTotal += perChipFree * trueScale * shardChips;
                if (reportScale < 0)
                {
                    continue;
                }

                var id = split ? $"{party.Id}-big-{d.Id}" : workload;
                var active = seconds * reportScale;
                var withUnregistered = cheating && acts.Strategy == Strategy.UnregisteredChips && id.Length > 0;
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
                    party.Id, d.Id, step, facts.WorkloadId, active / seconds, facts.Utilization, aggregateFlop, withUnregistered ? [.. d.PeerIds, .. unregisteredIds] : d.PeerIds));
                var found = ledger.Ingest(
                    new VerifiedReport(party.Id, d.Id, d.Fleet.Model, facts.WorkloadId, t0, t1, active, facts.Utilization, aggregateFlop, Precision.Bf16, peers, new EvidenceRef(evidence++, Leaf)),
                    t1);
                Judge(found, hours + (seconds / 3600));
            }

            // Hidden and unregistered chips train off the books.
            var extraChips = cheating && acts.Strategy is Strategy.HideDevices or Strategy.UnregisteredChips ? acts.Share * chips.Sum() : 0;
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
            if (cheating && acts.Strategy == Strategy.UnderReport)
            {
                // Counters against what the real ingest state accumulated per chip.
                var mismatch = devices.Any(d => d.TrueFlopPerChip > 0 && Math.Abs(d.TrueFlopPerChip - d.State.TotalFlop) / d.TrueFlopPerChip > terms.Tolerance);
                bad = mismatch ? acts.Share * declaredChips : 0;
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
            if (hours < cheatFrom)
            {
                falseAlarms++;
                firstFalseAlarm ??= hours;
            }
            else if (detectedAfter is null)
            {
                detectedAfter = hours - cheatFrom;
                detectedBy = rule;
            }
        }

        private static bool SignedAndVerified(ReportFacts facts, PartyKeyPair key)
        {
            var payload = Encoding.UTF8.GetBytes(FormattableString.Invariant(
                $"{facts.DeviceId}\n{facts.BootEpoch}\n{facts.Sequence}\n{facts.IntervalStart.UtcTicks}\n{facts.IntervalEnd.UtcTicks}\n{facts.WorkloadId}\n{facts.ActiveSeconds:R}\n{facts.Utilization:R}\n{facts.EstimatedFlop:R}"));
            var envelope = EnvelopeSigner.Sign(ReportPayloadType, payload, key);
            return EnvelopeVerifier.Verify(envelope, key.PublicKey) == EnvelopeCheck.Valid;
        }

        private static double Peak(DeviceModel model) => DeviceModels.PeakDenseFlopPerSecond(model, Precision.Bf16);

        public PartyOutcome Outcome() => new(party.Id, acts.Strategy, detectedAfter, detectedBy, falseAlarms, flop, free, rejected, firstFalseAlarm, [.. notVerifiable]);

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
}
