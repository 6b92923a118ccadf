// Scenario files: JSON (RFC 8259) read with System.Text.Json, camelCase names, enums as strings, strictly: a member
// the format does not define is refused naming it, the file and the line (Core's StrictJson; docs/simulation.md,
// "Scenario format").
using System.Text.Json;
using System.Text.Json.Serialization;
using Accord.Core.Common;
using Accord.Core.Monitoring;
using Accord.Simulation.Models;

namespace Accord.Simulation;

/// <summary>What a party does.</summary>
public enum Strategy
{
    /// <summary>Keeps every term and reports truthfully.</summary>
    Compliant,
    /// <summary>Runs a share of extra chips that are never declared nor report; found only by inspections.</summary>
    HideDevices,
    /// <summary>Trains without regard to the caps while its reports show what a compliant party would report.</summary>
    UnderReport,
    /// <summary>Trains one run above the run cap, reported concurrently under several workload ids.</summary>
    SplitRun,
    /// <summary>A share of its declared devices stop reporting and train unmonitored.</summary>
    GoSilent,
    /// <summary>Adds undeclared chips to its run; the collective's peer list names them.</summary>
    UnregisteredChips,
}

/// <summary>A fleet of one device model.</summary>
/// <param name="Model">The device model.</param>
/// <param name="Count">Chips at the start.</param>
/// <param name="GrowthPerYear">Fleet growth factor per year (1 = constant).</param>
/// <param name="Shards">How many aggregated devices stand for the fleet (each reports for Count/Shards chips).</param>
/// <param name="Utilization">Mean utilisation while training, in (0, 1].</param>
public sealed record Fleet(DeviceModel Model, int Count, double GrowthPerYear = 1.0, int Shards = 1, double Utilization = 0.6);

/// <summary>A party's behaviour.</summary>
/// <param name="Strategy">What it does.</param>
/// <param name="FromDay">Day of the horizon from which it cheats.</param>
/// <param name="Share">
/// The strategy's size: hidden or unregistered chips as a share of the fleet, the share of chips with tampered
/// counters (under-report), the share of shards that go silent; the number of workload ids for a split run is
/// max(2, shards).
/// </param>
public sealed record Behaviour(Strategy Strategy = Strategy.Compliant, double FromDay = 0, double Share = 0.1);

/// <summary>A party and its fleets.</summary>
/// <param name="Id">The party id.</param>
/// <param name="Fleets">Its fleets.</param>
/// <param name="Behaviour">What it does; compliant when absent.</param>
public sealed record Party(string Id, IReadOnlyList<Fleet> Fleets, Behaviour? Behaviour = null)
{
    /// <summary>The behaviour, compliant by default.</summary>
    public Behaviour Acts => Behaviour ?? new Behaviour();
}

/// <summary>A pause window.</summary>
/// <param name="StartDay">Day the pause starts.</param>
/// <param name="Months">Calendar months it lasts.</param>
/// <param name="ScopeMinFlop">Runs above this total are paused (0: every run).</param>
public sealed record PauseTerms(double StartDay, int Months, double ScopeMinFlop = 0);

/// <summary>Monitoring coverage terms.</summary>
/// <param name="MinShare">Share of declared devices that must report in each window.</param>
/// <param name="WindowHours">The window.</param>
public sealed record CoverageTerms(double MinShare = 0.9, double WindowHours = 24);

/// <summary>The monitored band: runs between the bounds may use declared devices only.</summary>
/// <param name="MinFlop">Lower bound.</param>
/// <param name="MaxFlop">Upper bound.</param>
public sealed record BandTerms(double MinFlop, double MaxFlop);

/// <summary>On-site inspections.</summary>
/// <param name="PerYear">Inspections per year per party (random times).</param>
/// <param name="ChipsSampled">Chips whose counters and registration an inspection checks.</param>
/// <param name="Tolerance">Relative difference between counters and reports that counts as a finding.</param>
public sealed record InspectionTerms(double PerYear = 4, int ChipsSampled = 22, double Tolerance = 0.01);

/// <summary>Sanctions and the payoffs of the inspection game, in one utility unit.</summary>
/// <param name="Gain">g: what undetected cheating gains.</param>
/// <param name="Sanction">b: what a detected cheater loses.</param>
/// <param name="FalseAlarmLoss">a: what a compliant party loses when falsely accused.</param>
public sealed record SanctionTerms(double Gain = 1, double Sanction = 4, double FalseAlarmLoss = 0);

/// <summary>The agreement; every term optional.</summary>
/// <param name="RunCapFlop">Per-run compute cap.</param>
/// <param name="AggregateCapFlop">Per-period compute cap.</param>
/// <param name="AggregatePeriodDays">The aggregate cap's period.</param>
/// <param name="Pause">A pause window.</param>
/// <param name="Coverage">Monitoring coverage.</param>
/// <param name="Band">The monitored band.</param>
/// <param name="Inspections">Inspections.</param>
/// <param name="Sanctions">Sanctions.</param>
public sealed record AgreementTerms(
    double? RunCapFlop = null,
    double? AggregateCapFlop = null,
    double AggregatePeriodDays = 30,
    PauseTerms? Pause = null,
    CoverageTerms? Coverage = null,
    BandTerms? Band = null,
    InspectionTerms? Inspections = null,
    SanctionTerms? Sanctions = null)
{
    /// <summary>
    /// The pause window in days from the horizon's start, [from, to) (the engine's window,
    /// <see cref="Engine.AgreementCommitments.PauseWindowOf"/>); null without a pause or with one of no length.
    /// </summary>
    public (double FromDay, double ToDay)? PauseDays()
    {
        if (Engine.AgreementCommitments.PauseWindowOf(this, SimulationRunner.Start) is not { } w || w.End <= w.Start)
        {
            return null;
        }

        return ((w.Start - SimulationRunner.Start).TotalDays, (w.End - SimulationRunner.Start).TotalDays);
    }
}

/// <summary>A simulation scenario (docs/simulation.md).</summary>
/// <param name="Name">Its name.</param>
/// <param name="Parties">The parties.</param>
/// <param name="Agreement">The agreement.</param>
/// <param name="HorizonDays">Days simulated.</param>
/// <param name="ReportIntervalMinutes">How often each aggregated device reports.</param>
/// <param name="Runs">Monte Carlo runs by default.</param>
/// <param name="Seed">Seed by default.</param>
/// <param name="SignedShare">Share of reports signed with Ed25519 and verified (the rest skip the signature).</param>
/// <param name="Description">What it shows.</param>
/// <param name="Race">The race model's parameters (teams default to the parties).</param>
/// <param name="Feedback">The feedback-loop model's parameters.</param>
/// <param name="Negotiation">A negotiation domain whose settled deal sets agreement terms (docs/simulation.md, "Negotiated terms").</param>
public sealed record Scenario(
    string Name,
    IReadOnlyList<Party> Parties,
    AgreementTerms Agreement,
    double HorizonDays = 365,
    double ReportIntervalMinutes = 60,
    int Runs = 100,
    int Seed = 1,
    double SignedShare = 0.001,
    string? Description = null,
    RaceParameters? Race = null,
    SafetyFeedbackParameters? Feedback = null,
    NegotiationSpec? Negotiation = null)
{
    /// <summary>The JSON options scenario and result files use (reading refuses unknown members).</summary>
    public static JsonSerializerOptions Json { get; } = StrictJson.Disallowing(new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    });

    /// <summary>What the mediator settled, when the scenario names a negotiation and it was settled.</summary>
    [JsonIgnore]
    public Settlement? Settlement { get; init; }

    /// <summary>Reads and checks a scenario file; a negotiation's domain file is found relative to it.</summary>
    /// <exception cref="UnknownJsonFieldException">A member the format does not define, named with <paramref name="path"/> and its line.</exception>
    public static Scenario Load(string path) => Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)), path);

    /// <summary>
    /// Parses and checks scenario JSON; when it names a negotiation, settles it (its domain file relative to
    /// <paramref name="baseDirectory"/>, the current directory by default) and lays the settled terms over the agreement.
    /// </summary>
    /// <exception cref="UnknownJsonFieldException">A member the format does not define (named with <paramref name="file"/>, when given, and its line).</exception>
    public static Scenario Parse(string json, string? baseDirectory = null, string? file = null)
    {
        Scenario? parsed;
        try
        {
            parsed = StrictJson.Deserialize<Scenario>(json, Json, file);
        }
        catch (ArgumentException e)
        {
            // A lone surrogate: the text is not valid UTF-16, so it has no UTF-8 for the JSON reader.
            throw new FormatException("The scenario is not valid Unicode text.", e);
        }

        var scenario = parsed ?? throw new FormatException("The scenario is empty.");
        if (scenario.Negotiation is not null)
        {
            scenario = NegotiatedTerms.Settle(scenario, baseDirectory ?? Directory.GetCurrentDirectory());
        }

        scenario.Validate();
        return scenario;
    }

    /// <summary>Throws <see cref="FormatException"/> naming the first problem.</summary>
    public void Validate()
    {
        static void Need(bool ok, string what)
        {
            if (!ok)
            {
                throw new FormatException(what);
            }
        }

        Need(!string.IsNullOrWhiteSpace(Name), "name is required");
        Need(Parties is { Count: > 0 }, "at least one party is required");
        Need(Agreement is not null, "agreement (or a negotiation) is required");
        Need(Negotiation is null || Settlement is not null, "the negotiation is not settled yet (NegotiatedTerms.Settle)");
        Need(HorizonDays is > 0 and <= 3660, "horizonDays must be in (0, 3660]");
        Need(ReportIntervalMinutes is >= 1 and <= 1440, "reportIntervalMinutes must be 1 to 1440");
        Need(SignedShare is >= 0 and <= 1, "signedShare must be in [0, 1]");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Parties!)
        {
            Need(p is not null, "a party is null");
            Need(!string.IsNullOrWhiteSpace(p!.Id) && ids.Add(p.Id), $"party ids must be present and distinct ('{p.Id}')");
            Need(p.Fleets is { Count: > 0 }, $"party '{p.Id}' needs a fleet");
            foreach (var f in p.Fleets)
            {
                Need(f is not null, $"party '{p.Id}': a fleet is null");
                Need(Enum.IsDefined(f!.Model), $"party '{p.Id}': unknown device model");
                Need(f.Count >= 1 && f.Shards >= 1 && f.Shards <= f.Count, $"party '{p.Id}': need count >= shards >= 1");
                Need(f.GrowthPerYear > 0 && f.Utilization is > 0 and <= 1, $"party '{p.Id}': growth > 0 and utilization in (0, 1]");
            }

            Need(p.Acts.Share is >= 0 and <= 1 && p.Acts.FromDay >= 0, $"party '{p.Id}': behaviour share in [0, 1], fromDay >= 0");
        }
    }
}
