using System.Globalization;
using System.Text;

namespace Accord.Simulation;

/// <summary>One party: what the engine found and what the live server found, on the same reports.</summary>
/// <param name="PartyId">The party in the scenario.</param>
/// <param name="ServerPartyId">The party id registered on the server.</param>
/// <param name="Strategy">Its strategy.</param>
/// <param name="Devices">Devices enrolled (one per aggregated device).</param>
/// <param name="ReportsSent">Signed reports streamed.</param>
/// <param name="ReportsAccepted">Reports the server accepted.</param>
/// <param name="SimulatedRules">Rules the engine's ledger found, among those the server judges.</param>
/// <param name="ServerRules">Rules of the violations the server's ComplianceService lists.</param>
public sealed record LivePartyComparison(
    string PartyId,
    string ServerPartyId,
    Strategy Strategy,
    int Devices,
    int ReportsSent,
    int ReportsAccepted,
    IReadOnlyList<string> SimulatedRules,
    IReadOnlyList<string> ServerRules)
{
    /// <summary>Both found a violation, or neither did.</summary>
    public bool Agrees => SimulatedRules.Count > 0 == ServerRules.Count > 0;
}

/// <summary>The simulation's judgement of one run next to a live server's (`accord simulate FILE --server URL`).</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Server">The server's address.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="ReportIntervalMinutes">The simulated interval the engine played.</param>
/// <param name="RealSecondsPerInterval">Real seconds per simulated interval.</param>
/// <param name="FlopScale">Server FLOP per simulated FLOP.</param>
/// <param name="JudgedRules">The rules compared.</param>
/// <param name="NotJudged">What the server does not judge in the replay, and why.</param>
/// <param name="Parties">Per party.</param>
public sealed record LiveComparison(
    string Scenario,
    string Server,
    int Seed,
    double ReportIntervalMinutes,
    double RealSecondsPerInterval,
    double FlopScale,
    IReadOnlyList<string> JudgedRules,
    IReadOnlyList<string> NotJudged,
    IReadOnlyList<LivePartyComparison> Parties)
{
    /// <summary>Every party agrees.</summary>
    public bool Agrees => Parties.All(p => p.Agrees);

    /// <summary>A Markdown report of the comparison.</summary>
    public string Markdown()
    {
        var s = new StringBuilder();
        void L(string line = "") => s.Append(line).Append('\n');
        L($"# Simulation against a live server: {Scenario}");
        L();
        L(string.Create(CultureInfo.InvariantCulture, $"One run (seed {Seed}) replayed to {Server}: one report per aggregated device per {ReportIntervalMinutes:G4} simulated minutes, {RealSecondsPerInterval:G4} s of real time each, FLOP x {FlopScale:G4}; rules compared: {string.Join(", ", JudgedRules)}."));
        L();
        L("| Party | Server party | Strategy | Devices | Reports sent | accepted | Simulation found | Server found | Agree |");
        L("|---|---|---|---|---|---|---|---|---|");
        foreach (var p in Parties)
        {
            static string Rules(IReadOnlyList<string> r) => r.Count == 0 ? "-" : string.Join(", ", r);
            L($"| {p.PartyId} | {p.ServerPartyId} | {p.Strategy} | {p.Devices} | {p.ReportsSent} | {p.ReportsAccepted} | {Rules(p.SimulatedRules)} | {Rules(p.ServerRules)} | {(p.Agrees ? "yes" : "**no**")} |");
        }

        L();
        L("Not judged live: " + string.Join("; ", NotJudged) + ".");
        return s.ToString();
    }
}
