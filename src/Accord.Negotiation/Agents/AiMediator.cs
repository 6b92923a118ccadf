using System.Globalization;
using System.Text;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Agents;

/// <summary>
/// The AI mediator for single-text negotiation. It knows every party's preferences, computes the Pareto
/// frontier of the deals that are self-enforcing for every party and individually rational (see
/// <see cref="OutcomeSpaceAnalysis"/>), ranks that frontier by its solution concept (Nash, Kalai or max
/// welfare; ties to the larger welfare) and proposes the best, with an explanation. Revision rule: it
/// holds its text while the parties that reject it are still conceding (their stated required utility
/// falls); it moves to the best-ranked remaining candidate that gives every rejecting party more when a
/// party rejects the text as below its reservation value or infeasible, or when the same parties have
/// rejected it for <see cref="Patience"/> rounds without conceding. It never proposes a deal that is not
/// self-enforcing; when no candidate is left it holds its last text.
/// </summary>
public sealed class AiMediator : IMediator
{
    private readonly HashSet<Outcome> _excluded = [];
    private NegotiationDomain? _domain;
    private List<OutcomePoint> _ranked = [];
    private OutcomePoint? _current;
    private int _stubborn;
    private string _why = string.Empty;

    /// <summary>A mediator aiming for <paramref name="concept"/>.</summary>
    public AiMediator(SolutionConcept concept = SolutionConcept.Nash, int patience = 3)
    {
        Concept = concept;
        Patience = patience;
    }

    /// <inheritdoc />
    public string Name => "mediator";

    /// <summary>The solution concept it aims for.</summary>
    public SolutionConcept Concept { get; }

    /// <summary>Rounds of rejection without concession before it revises.</summary>
    public int Patience { get; }

    /// <summary>The analysis restricted to self-enforcing deals.</summary>
    public OutcomeSpaceAnalysis? Restricted { get; private set; }

    /// <summary>The analysis of the whole space.</summary>
    public OutcomeSpaceAnalysis? Unrestricted { get; private set; }

    /// <summary>The explanation of the latest text.</summary>
    public string Explanation => _why;

    /// <inheritdoc />
    public void Initialize(NegotiationDomain domain, int seed)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _domain = domain;
        Unrestricted = OutcomeSpaceAnalysis.Analyze(domain, new AnalysisOptions { Seed = seed });
        Restricted = domain.Enforcer.Trivial ? Unrestricted : OutcomeSpaceAnalysis.Analyze(domain, new AnalysisOptions { SelfEnforcingOnly = true, Seed = seed });
        var a = Restricted;
        var eligible = a.Frontier.Where(p => Concept == SolutionConcept.Nash ? a.NashProduct(p.Utilities) > 0 : a.IsIndividuallyRational(p.Utilities));
        _ranked = eligible
            .OrderByDescending(p => a.Score(Concept, p.Utilities))
            .ThenByDescending(p => p.Welfare)
            .ThenBy(p => domain.IndexOf(p.Outcome))
            .ToList();
        _excluded.Clear();
        _current = null;
        _stubborn = 0;
    }

    /// <inheritdoc />
    public ValueTask<MediatorProposal?> ProposeAsync(MediationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_domain is null || Restricted is null)
        {
            throw new InvalidOperationException("The mediator was not initialized.");
        }

        if (_ranked.Count == 0)
        {
            return ValueTask.FromResult<MediatorProposal?>(null);
        }

        if (_current is null)
        {
            _current = _ranked[0];
            _why = Explain(_current, "opening text");
            return ValueTask.FromResult<MediatorProposal?>(new MediatorProposal(_current.Outcome, _why));
        }

        var last = state.History.Count > 0 ? state.History[^1] : null;
        if (last is not null)
        {
            Revise(state, last);
        }

        return ValueTask.FromResult<MediatorProposal?>(new MediatorProposal(_current.Outcome, _why));
    }

    private void Revise(MediationState state, MediationRound last)
    {
        var rejecters = Enumerable.Range(0, last.Feedback.Count).Where(p => !last.Feedback[p].Accept).ToArray();
        if (rejecters.Length == 0)
        {
            return;
        }

        var hard = rejecters.Where(p => last.Feedback[p].Reason is FeedbackReason.BelowReservation or FeedbackReason.Infeasible).ToArray();
        var conceding = state.History.Count >= 2 && rejecters.All(p =>
        {
            var now = last.Feedback[p].RequiredUtility;
            var before = state.History[^2].Feedback[p].RequiredUtility;
            return now is { } n && before is { } b && n < b - 1e-12;
        });
        _stubborn = conceding ? 0 : _stubborn + 1;
        if (hard.Length == 0 && _stubborn < Patience)
        {
            _why = Explain(_current!, conceding ? "held: the rejecting parties are still conceding" : $"held: waiting for concessions ({_stubborn} of {Patience} rounds)");
            return;
        }

        _excluded.Add(_current!.Outcome);
        var next = _ranked.FirstOrDefault(p => !_excluded.Contains(p.Outcome) && rejecters.All(r => p.Utilities[r] > _current.Utilities[r] + 1e-12));
        if (next is null)
        {
            _why = Explain(_current, "held: no remaining self-enforcing deal gives the rejecting parties more");
            return;
        }

        var names = string.Join(", ", rejecters.Select(r => _domain!.Parties[r].Name));
        _current = next;
        _stubborn = 0;
        _why = Explain(next, hard.Length > 0 ? $"revised: {names} rejected the last text as below reservation or infeasible" : $"revised: {names} rejected the last text for {Patience} rounds without conceding");
    }

    private string Explain(OutcomePoint point, string step)
    {
        var d = _domain!;
        var a = Restricted!;
        var all = Unrestricted!;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{step}. Proposed {d.Describe(point.Outcome)}. ");
        var rank = _ranked.IndexOf(point) + 1;
        var concept = Concept switch
        {
            SolutionConcept.Nash => "the Nash bargaining point: it maximises the product of each party's gain over its reservation value",
            SolutionConcept.Kalai => "the Kalai-Smorodinsky point: it maximises the smallest gain over reservation relative to each party's best possible gain",
            _ => "the max-welfare point: it maximises the sum of utilities among deals every party prefers to no deal",
        };
        sb.Append(rank == 1 ? $"It is {concept}" : $"It is candidate {rank} by the same criterion as {concept}");
        sb.Append(inv, $" (score {a.Score(Concept, point.Utilities):0.####}), chosen among {_ranked.Count} individually rational deals on the Pareto frontier of self-enforcing deals ({a.Frontier.Count} frontier deals; {a.Method}). ");
        if (!d.Enforcer.Trivial)
        {
            var excluded = all.Frontier.Count(p => !d.Enforcer.IsSelfEnforcing(p.Outcome));
            sb.Append(inv, $"{excluded} of the {all.Frontier.Count} deals on the unrestricted frontier were excluded because cheating would pay for some party (gain > P(detect) x sanction). ");
            var unrestricted = all.Solution(Concept);
            if (unrestricted is not null && !unrestricted.Outcome.Equals(point.Outcome) && !d.Enforcer.IsSelfEnforcing(unrestricted.Outcome))
            {
                var cheat = d.Enforcer.Assess(unrestricted.Outcome);
                sb.Append(inv, $"The unrestricted point ({d.Describe(unrestricted.Outcome)}) is not self-enforcing for {string.Join(", ", cheat.Cheaters)}. ");
            }

            var assessment = d.Enforcer.Assess(point.Outcome);
            sb.Append(inv, $"This deal is self-enforcing: P(detect) = {assessment.DetectionProbability:0.####}, sanction {assessment.Sanction:0.####}, gains from cheating ");
            sb.Append(string.Join(", ", assessment.Parties.Select(p => string.Create(inv, $"{p.Party} {p.Gain:0.####}"))));
            sb.Append(" - none above the expected penalty. ");
        }

        sb.Append("Utilities: ");
        sb.Append(string.Join(", ", d.Parties.Select((p, i) => string.Create(inv, $"{p.Name} {point.Utilities[i]:0.####} (reservation {p.Reservation:0.####})"))));
        sb.Append('.');
        return sb.ToString();
    }
}
