using Accord.Agent.Chips;
using Accord.Client;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.Protos.V1;
using Accord.Simulation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Accord.Fleets;

/// <summary>
/// `accord simulate FILE --server URL`: one run of the scenario replayed on a live server (docs/simulation.md,
/// "Against a live server"). The simulated parties register as labs; an inspector trusts a test manufacturer
/// root; each aggregated device enrols as one attested H100 with a certified reporting key; each party
/// registers the run cap, monitored band and pause the agreement has (scaled, on the real clock); the run's
/// accepted reports stream, signed, over MonitoringService; the violations are read back from ComplianceService
/// and set beside the engine's findings.
/// </summary>
/// <param name="channel">The server.</param>
/// <param name="governance">The governance keys that grant the simulation's inspector its role.</param>
public sealed class LiveSimulation(GrpcChannel channel, IReadOnlyList<PartyKeyPair> governance)
{
    // The wire's name for LivePlan.EnrolledModel.
    private const DeviceModel Enrolled = DeviceModel.H100Sxm;

    /// <summary>Replays run 0 of <paramref name="scenario"/> from <paramref name="seed"/>; <paramref name="progress"/> gets the share of parties streamed.</summary>
    public async Task<LiveComparison> RunAsync(Scenario scenario, int seed, string server, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var plan = LivePlan.Make(scenario, seed, DateTimeOffset.UtcNow);
        var live = new LiveFleet(channel, governance);
        var suffix = "-" + Guid.NewGuid().ToString("N")[..6];
        var inspector = await live.RegisterAsync("sim-inspector" + suffix, "Simulation inspector", PartyRole.Inspector, cancellationToken);
        using var inspectorKey = inspector.Key;
        var fab = TestManufacturer.Create("Simulation Fab" + suffix, DateTimeOffset.UtcNow);
        await live.TrustAsync(inspector, fab, "Simulation Fab", cancellationToken);

        var labs = new Dictionary<string, (string Id, PartyKeyPair Key)>(StringComparer.Ordinal);
        var devices = new Dictionary<string, LiveDevice>(StringComparer.Ordinal);
        var keyFrom = DateTimeOffset.UtcNow.AddMinutes(-1);
        var keyUntil = DateTimeOffset.UtcNow.AddHours(2);
        try
        {
            foreach (var party in scenario.Parties)
            {
                labs[party.Id] = await live.RegisterAsync(party.Id + suffix, party.Id, PartyRole.Lab, cancellationToken);
            }

            foreach (var d in plan.Trace.Devices)
            {
                devices[d.DeviceId] = await live.EnrolAsync(fab, labs[d.PartyId], d.DeviceId + suffix, Enrolled, keyFrom, keyUntil, cancellationToken);
            }

            // The horizon starts a few seconds from now, after the commitments bind, and ends within the server's clock skew.
            plan = plan.At(DateTimeOffset.UtcNow.AddSeconds(5));
            var registry = new RegistryService.RegistryServiceClient(channel);
            foreach (var lab in labs.Values)
            {
                foreach (var terms in Commitments(plan.Terms))
                {
                    var statement = new CommitmentStatement { Header = RequestSigning.Header(lab.Id), Title = "Simulated agreement term (scaled)", Terms = terms };
                    await registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = RequestSigning.Sign(statement, lab.Key) }, cancellationToken: cancellationToken);
                }
            }

            var compliance = new ComplianceService.ComplianceServiceClient(channel);
            var rows = new List<LivePartyComparison>();
            var done = 0;
            foreach (var party in scenario.Parties)
            {
                var lab = labs[party.Id];
                var reports = Reports(plan, party.Id, devices);
                var results = await live.StreamAsync(lab, reports, "accord-simulate", cancellationToken);
                var details = await compliance.GetRunDetailsAsync(new GetRunDetailsRequest
                {
                    Envelope = RequestSigning.Sign(new RunDetailsQuery { Header = RequestSigning.Header(inspector.Id), PartyId = lab.Id }, inspector.Key),
                }, cancellationToken: cancellationToken);
                rows.Add(new LivePartyComparison(
                    party.Id,
                    lab.Id,
                    party.Acts.Strategy,
                    plan.Trace.Devices.Count(d => d.PartyId == party.Id),
                    reports.Count,
                    results.Count(r => r.Outcome == ReportOutcome.Accepted),
                    plan.SimulatedRules(party.Id),
                    [.. details.Violations.Select(v => v.Rule).Distinct()]));
                progress?.Report((double)++done / scenario.Parties.Count);
            }

            return new LiveComparison(
                scenario.Name, server, seed, plan.Scenario.ReportIntervalMinutes, plan.PerInterval.TotalSeconds, plan.FlopScale, LivePlan.JudgedRules, LivePlan.NotJudged, rows);
        }
        finally
        {
            foreach (var lab in labs.Values)
            {
                lab.Key.Dispose();
            }

            foreach (var device in devices.Values)
            {
                device.ReportingKey.Dispose();
            }
        }
    }

    private static IEnumerable<CommitmentTerms> Commitments(LiveTerms terms)
    {
        var measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 };
        if (terms.RunCapFlop is { } cap)
        {
            yield return new CommitmentTerms { TrainingRunCap = new TrainingRunComputeCap { MaxFlop = cap, Measure = measure } };
        }

        if (terms.Band is { } band)
        {
            yield return new CommitmentTerms { MonitoredBand = new MonitoredBand { MinFlop = band.MinFlop, MaxFlop = band.MaxFlop } };
        }

        if (terms.Pause is { } pause)
        {
            yield return new CommitmentTerms
            {
                PauseWindow = new PauseWindow { ScopeMinFlop = pause.ScopeMinFlop, StartsAt = Timestamp.FromDateTimeOffset(pause.StartsAt), EndsAt = Timestamp.FromDateTimeOffset(pause.EndsAt) },
            };
        }
    }

    // Each accepted report of the party's devices, on the real clock, with its FLOP scaled; peers named by their
    // enrolled ids (unregistered chips keep their simulated names, which no enrolled device has).
    private static List<Envelope> Reports(LivePlan plan, string partyId, Dictionary<string, LiveDevice> devices)
    {
        var sequence = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var reports = new List<Envelope>();
        foreach (var r in plan.Trace.Reports.Where(r => r.PartyId == partyId))
        {
            var device = devices[r.DeviceId];
            var next = sequence[r.DeviceId] = sequence.GetValueOrDefault(r.DeviceId) + 1;
            var peers = r.PeerIds.Select(p => devices.TryGetValue(p, out var peer) ? peer.Identity.DeviceId : p).ToList();
            var sample = new ChipSample(r.ActiveShare * plan.PerInterval.TotalSeconds, r.Utilization, 700 * r.Utilization, r.WorkloadId, peers);
            reports.Add(LiveFleet.SignReport(device, next, plan.RealTime(r.Step), plan.RealTime(r.Step + 1), sample, Enrolled, r.Flop * plan.FlopScale));
        }

        return reports;
    }
}
