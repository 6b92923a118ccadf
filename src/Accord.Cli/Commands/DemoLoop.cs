using Accord.Bundles;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.DevTools;
using Accord.Fleets;
using Accord.Negotiation;
using Accord.Negotiation.Domains;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Net.Client;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>What the rest of the loop ended with, for the caller to check.</summary>
/// <param name="Violations">Every violation the server found, for the three labs.</param>
/// <param name="VerdictVerified">Whether every verdict bundle verified offline.</param>
/// <param name="ProofVerified">Whether the log's consistency proof verified offline.</param>
/// <param name="ReportFolder">Where the report, charts and bundles were written, if anywhere.</param>
/// <param name="Verdicts">The verdicts on the split-run lab and the overrunning lab, in that order, with their bundles.</param>
public sealed record DemoLoopOutcome(
    IReadOnlyList<ViolationRecord> Violations, bool VerdictVerified, bool ProofVerified, string? ReportFolder, IReadOnlyList<(Verdict Verdict, EvidenceBundle Bundle)> Verdicts);

/// <summary>
/// The rest of the loop after the agreement: devices enrol against a manufacturer root, report
/// signed usage, one lab splits a run to dodge its cap and another simply overruns, both are caught
/// with evidence, an inspector signs a verdict that anyone can re-check offline, and the log proves it.
/// </summary>
public sealed class DemoLoop(GrpcChannel channel, IAnsiConsole console, IReadOnlyList<PartyKeyPair> governance)
{
    /// <summary>The demo's per-run cap: a stand-in at demo scale, so that simulated devices reach it in a second.</summary>
    public const double DemoCapFlop = 1e15;

    /// <summary>Before the registry: the AI mediator settles a pause deal on the PauseTreaty domain, when the shared domains are present.</summary>
    public static void Negotiate(IAnsiConsole console)
    {
        var folder = FindUp(Path.Combine("shared", "domains", "genius", "PauseTreaty"));
        console.WriteLine();
        console.MarkupLine("[bold]0. Negotiators settle a pause deal with the AI mediator[/]");
        if (folder is null)
        {
            console.MarkupLine("  [grey](the PauseTreaty domain is not beside this checkout; skipping)[/]");
            return;
        }

        var domain = GeniusImporter.LoadFolder(folder);
        var result = NegotiationRunner.Run(domain, ["mediator", .. Enumerable.Repeat("boulware", domain.Parties.Count)]);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("issue", "agreed");
        for (var i = 0; i < domain.Issues.Count; i++)
        {
            table.AddRow(Printable.Markup(domain.Issues[i].Name), Printable.Markup(result.DealLabels?[i] ?? "-"));
        }

        console.Write(table);
        console.MarkupLine($"  {Printable.Markup(result.Explanation ?? (result.Agreement ? "agreement" : "no agreement"))}");
    }

    public async Task<DemoLoopOutcome> RunAsync(IReadOnlyList<(string Id, PartyKeyPair Key)> labs, string suffix, string? reportFolder, CancellationToken cancellationToken)
    {
        var registry = new RegistryService.RegistryServiceClient(channel);
        var devices = new DeviceService.DeviceServiceClient(channel);
        var compliance = new ComplianceService.ComplianceServiceClient(channel);
        var log = new TransparencyLogService.TransparencyLogServiceClient(channel);
        var logKey = NoteVerifier.Parse((await log.GetLogInfoAsync(new GetLogInfoRequest(), cancellationToken: cancellationToken)).VerifierKey);
        var firstCheckpoint = await log.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);

        Step(6, "An inspector trusts a manufacturer root; each lab enrols its devices with attestation evidence");
        var live = new LiveFleet(channel, governance);
        var (inspector, inspectorKey) = await live.RegisterAsync("inspector" + suffix, "Treaty Inspectorate", PartyRole.Inspector, cancellationToken);
        using var inspectorKeyOwner = inspectorKey;
        var fab = TestManufacturer.Create("Demo Fab" + suffix, DateTimeOffset.UtcNow);
        await live.TrustAsync((inspector, inspectorKey), fab, "Demo Fab", cancellationToken);
        var fleet = new List<(int Lab, LiveDevice Device)>();
        for (var lab = 0; lab < labs.Count; lab++)
        {
            for (var d = 0; d < 2; d++)
            {
                var device = await live.EnrolAsync(
                    fab, labs[lab], $"GPU-{lab}{d}-{Guid.NewGuid().ToString("N")[..6]}", DeviceModel.H100Sxm, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), cancellationToken);
                fleet.Add((lab, device));
            }
        }

        console.MarkupLine($"  {fleet.Count} H100s enrolled: chains verified to the trusted root, SPDM evidence over fresh challenges, reporting keys certified by each device's identity key");
        await NvidiaEvidence(devices, inspector, inspectorKey, labs[0], cancellationToken);

        Step(7, $"Each lab commits to a per-run compute cap (demo scale: {DemoCapFlop:0e0} FLOP, so that it is reached in a second)");
        var caps = new List<string>();
        var capsFrom = new List<DateTimeOffset>();
        foreach (var (id, key) in labs)
        {
            var statement = new CommitmentStatement
            {
                Header = RequestSigning.Header(id),
                Title = "Per-run compute cap (demo scale)",
                Terms = new CommitmentTerms { TrainingRunCap = new TrainingRunComputeCap { MaxFlop = DemoCapFlop, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } } },
            };
            var registered = (await registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = RequestSigning.Sign(statement, key) }, cancellationToken: cancellationToken)).Commitment;
            caps.Add(registered.CommitmentId);
            capsFrom.Add(registered.ActivatedAt.ToDateTimeOffset());
        }

        Step(8, "Devices stream signed usage reports; one lab splits a run across two workload ids to dodge its cap, another simply overruns (its first report straddles the moment its cap began)");
        var start = DateTimeOffset.UtcNow;
        var batches = new List<(int Lab, List<Envelope> Reports)>();
        for (var lab = 0; lab < labs.Count; lab++)
        {
            var mine = fleet.Where(f => f.Lab == lab).ToList();
            var reports = new List<Envelope>();
            for (var d = 0; d < mine.Count; d++)
            {
                var peer = mine[1 - d].Device.Identity.DeviceId;
                var (workload, count, utilization) = lab switch
                {
                    0 => ("run-a", 4, 0.5),
                    1 => ($"run-b{d + 1}", 6, 1.0),
                    _ => ("run-c", d == 0 ? 12 : 0, 1.0),
                };
                // The overrunning lab's run began half a report before its cap did: the ledger counts the half inside.
                var from = lab == labs.Count - 1 ? capsFrom[lab] - (ReportLength / 2) : start;
                for (var i = 0; i < count; i++)
                {
                    reports.Add(Report(mine[d].Device, peer, workload, i, from, utilization));
                }
            }

            batches.Add((lab, reports));
        }

        foreach (var (lab, reports) in batches.Where(b => b.Reports.Count > 0))
        {
            var results = await live.StreamAsync(labs[lab], reports, "demo", cancellationToken);
            console.MarkupLine($"  {Printable.Markup(labs[lab].Id)}: {results.Count(r => r.Outcome == ReportOutcome.Accepted)} reports verified, logged and acknowledged");
        }

        Step(9, "Compliance is computed from the evidence: both dodges are caught, with the reports that prove them");
        var violations = new List<ViolationRecord>();
        foreach (var (id, _) in labs)
        {
            var details = await compliance.GetRunDetailsAsync(new GetRunDetailsRequest
            {
                Envelope = RequestSigning.Sign(new RunDetailsQuery { Header = RequestSigning.Header(inspector), PartyId = id }, inspectorKey),
            }, cancellationToken: cancellationToken);
            violations.AddRange(details.Violations);
        }

        var vt = new Table().Border(TableBorder.Rounded).AddColumns("party", "rule", "run", "measured", "limit", "evidence");
        foreach (var v in violations)
        {
            vt.AddRow(Printable.Markup(v.PartyId), Printable.Markup(v.Rule), Printable.Markup(v.Subject), v.Measured.ToString("0.###e0"), v.Limit.ToString("0.###e0"), string.Join(",", v.Evidence.Select(e => e.LogIndex)));
        }

        console.Write(vt);
        foreach (var v in violations)
        {
            console.MarkupLine($"  [red]{Printable.Markup(v.PartyId)}[/]: {Printable.Markup(v.Explanation)}");
        }

        Step(10, "An inspector signs the compliance ledger's findings on the split-run lab and the overrunning lab; anyone can re-check each verdict offline from its bundle");
        await Task.Delay(TimeSpan.FromMilliseconds(1600), cancellationToken);
        var inspectorClient = new Accord.Client.Verdicts.VerdictClient(channel.CreateCallInvoker(), new KeyFileContents(inspector, inspectorKey));
        var verdicts = new List<(Verdict Verdict, EvidenceBundle Bundle)>();
        var verified = true;
        foreach (var lab in new[] { labs[1], labs[^1] })
        {
            var issued = await inspectorClient.IssueAsync(lab.Id, [], cancellationToken);
            foreach (var line in Output.VerdictText.Lines(issued.Verdict, issued.Bundle))
            {
                console.MarkupLine($"  {Printable.Markup(line)}");
            }

            var check = issued.Check;
            console.MarkupLine(check.Valid
                ? $"  [green]re-checked offline: {check.Steps.Count} steps ok; {Printable.Markup(check.Message)}[/]"
                : $"  [red]{Printable.Markup(check.Reason + ": " + check.Message)}[/]");
            verified &= check.Valid;
            verdicts.Add((issued.Verdict, issued.Bundle));
        }

        Step(11, "The log proves it: the verdict's evidence is in a signed checkpoint, and the log only grew since the demo began");
        var latest = await log.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);
        var consistency = await log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = firstCheckpoint.TreeSize, SecondSize = latest.TreeSize }, cancellationToken: cancellationToken);
        var grown = OfflineVerifier.VerifyAppendOnly(firstCheckpoint.Checkpoint, latest.Checkpoint, [.. consistency.Proof.Select(p => p.ToByteArray())], logKey);
        console.MarkupLine($"  consistency proof verified offline: size {firstCheckpoint.TreeSize} -> {grown.Size}, signed by {Printable.Markup(logKey.Name)}");

        string? folder = null;
        if (reportFolder is not null)
        {
            Directory.CreateDirectory(reportFolder);
            await File.WriteAllBytesAsync(Path.Combine(reportFolder, "verdict-split-run.bundle"), EvidenceBundles.Serialize(verdicts[0].Bundle), cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(reportFolder, "verdict-overrun.bundle"), EvidenceBundles.Serialize(verdicts[1].Bundle), cancellationToken);
            folder = reportFolder;
            var scenario = FindUp(Path.Combine("scenarios", "cheater-splits-runs.json"));
            Step(12, "What would the agreement hold against? A quick Monte Carlo on the real ingest and compliance code");
            if (scenario is not null)
            {
                var result = Simulation.SimulationRunner.Run(Simulation.Scenario.Load(scenario), 20, 1);
                Simulation.ResultWriter.Write(result, reportFolder);
                console.MarkupLine($"  the agreement held in {result.HoldsProbability:P0} of 20 runs; every strategy's detection rate is in the report");
            }

            console.MarkupLine($"  report, charts and the verdict bundles (check one with `accord inspect verify-bundle FILE`): [bold]{Printable.Markup(reportFolder)}[/]");
        }

        return new DemoLoopOutcome(violations, verified, true, folder, verdicts);
    }

    /// <summary>The real H100 chain enrols (revocation unknown offline); its recorded evidence cannot answer a live challenge.</summary>
    private async Task NvidiaEvidence(DeviceService.DeviceServiceClient devices, string inspector, PartyKeyPair inspectorKey, (string Id, PartyKeyPair Key) lab, CancellationToken cancellationToken)
    {
        var folder = FindUp(Path.Combine("shared", "vectors", "nvidia"));
        if (folder is null)
        {
            return;
        }

        var root = DeviceCertificate.ParsePemChain(await File.ReadAllTextAsync(Path.Combine(folder, "nvidia-device-identity-root.pem"), cancellationToken))[0].Der;
        var chain = DeviceCertificate.ParsePemChain(await File.ReadAllTextAsync(Path.Combine(folder, "hopper-cert-chain.pem"), cancellationToken)).Select(c => c.Der).ToList();
        var trusted = (await devices.ListTrustAsync(new ListTrustRequest(), cancellationToken: cancellationToken)).Roots.Any(r => r.CertificateSha256 == DeviceCertificate.Parse(root).Sha256);
        if (!trusted)
        {
            await devices.AddTrustRootAsync(new AddTrustRootRequest
            {
                Envelope = RequestSigning.Sign(new TrustRootAddition { Header = RequestSigning.Header(inspector), CertificateDer = ByteString.CopyFrom(root), Label = "NVIDIA Device Identity CA" }, inspectorKey),
            }, cancellationToken: cancellationToken);
        }

        var deviceId = DeviceCertificate.Parse(chain[0]).SubjectSerialNumber!;
        var existing = (await Listings.DevicesAsync(devices, cancellationToken: cancellationToken)).FirstOrDefault(d => d.DeviceId == deviceId);
        if (existing is not null)
        {
            return;
        }

        var device = (await DeviceEnrolments.EnrolAsync(devices, lab.Id, lab.Key, deviceId, DeviceModel.H100Sxm, chain, null, cancellationToken)).Device;
        console.MarkupLine($"  a real NVIDIA H100 ({Printable.Markup(device.DeviceId[..12])}...) enrolled from its 5-certificate chain to NVIDIA's root; revocation: {device.Revocation} (OCSP cannot be checked offline, so it is not affirmed)");
    }

    /// <summary>The length of one demo report's interval.</summary>
    private static readonly TimeSpan ReportLength = TimeSpan.FromMilliseconds(100);

    private static Envelope Report(LiveDevice device, string peer, string workload, int i, DateTimeOffset start, double utilization)
    {
        var length = ReportLength;
        var from = start + (length * i);
        return LiveFleet.SignReport(device, (ulong)i + 1, from, from + length, new Agent.Chips.ChipSample(length.TotalSeconds, utilization, 650, workload, [peer]), DeviceModel.H100Sxm);
    }

    /// <summary>A path found in the working directory or a folder above it, or beside the binaries or above them.</summary>
    public static string? FindUp(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate) || Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private void Step(int n, string text)
    {
        console.WriteLine();
        console.MarkupLine($"[bold]{n}. {Printable.Markup(text)}[/]");
    }
}
