using Accord.Negotiation.Analysis;

namespace Accord.Simulation;

/// <summary>A scenario's request to settle its agreement terms by negotiation first (docs/simulation.md, "Negotiated terms").</summary>
/// <param name="Domain">A native JSON domain file (accord-negotiation-domain/1), relative to the scenario file.</param>
/// <param name="Concept">The AI mediator's solution concept: Nash (default), Kalai or MaxWelfare.</param>
/// <param name="Agent">The strategy agent that plays every party against the mediator's texts (boulware by default, as in `accord demo`).</param>
/// <param name="Rounds">The session's deadline in rounds.</param>
/// <param name="Seed">The session's seed.</param>
public sealed record NegotiationSpec(string Domain, SolutionConcept Concept = SolutionConcept.Nash, string Agent = "boulware", int Rounds = 100, int Seed = 0);

/// <summary>One issue of the settled deal and the agreement term it set.</summary>
/// <param name="Issue">The issue's name.</param>
/// <param name="Value">The settled value's label.</param>
/// <param name="Term">The scenario field it set (e.g. "agreement.runCapFlop").</param>
/// <param name="Number">The number the term took; null when the value sets none (e.g. "no cap", a 0-month pause).</param>
public sealed record SettledTerm(string Issue, string Value, string Term, double? Number);

/// <summary>What the mediator settled and how it became the simulated agreement.</summary>
/// <param name="Domain">The domain's name.</param>
/// <param name="DomainFile">The domain file as the scenario names it.</param>
/// <param name="Concept">The mediator's solution concept.</param>
/// <param name="Agents">The mediator, then each party's agent.</param>
/// <param name="Rounds">Rounds until the parties accepted the text.</param>
/// <param name="Terms">Each issue, its settled value and the term it set.</param>
/// <param name="Utilities">Each party's utility for the deal.</param>
/// <param name="Reservations">Each party's reservation value.</param>
/// <param name="Explanation">The mediator's explanation of the accepted text.</param>
public sealed record Settlement(
    string Domain,
    string DomainFile,
    SolutionConcept Concept,
    IReadOnlyList<string> Agents,
    int Rounds,
    IReadOnlyList<SettledTerm> Terms,
    IReadOnlyDictionary<string, double> Utilities,
    IReadOnlyDictionary<string, double> Reservations,
    string? Explanation);
