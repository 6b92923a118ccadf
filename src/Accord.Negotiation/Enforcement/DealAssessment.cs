using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Enforcement;

/// <summary>One party's side of a deal under the inspection game.</summary>
/// <param name="Party">The party's name.</param>
/// <param name="Utility">Its utility for the deal when everyone complies.</param>
/// <param name="VerifiedValue">Its value for the deal given who will comply: the deal with every other party that would cheat replaced by that party's deviation.</param>
/// <param name="Gain">What cheating gains it.</param>
/// <param name="ExpectedPenalty">P(detect) x sanction.</param>
/// <param name="SelfEnforcing">Whether cheating does not pay for it (gain &lt;= P(detect) x sanction).</param>
public sealed record PartyAssessment(string Party, double Utility, double VerifiedValue, double Gain, double ExpectedPenalty, bool SelfEnforcing);

/// <summary>A deal under the inspection game.</summary>
/// <param name="DetectionProbability">P(detect) for the deal's coverage and notice.</param>
/// <param name="Sanction">The deal's sanction.</param>
/// <param name="Parties">Each party, in domain order.</param>
public sealed record DealAssessment(double DetectionProbability, double Sanction, IReadOnlyList<PartyAssessment> Parties)
{
    /// <summary>Whether the deal is self-enforcing for every party.</summary>
    public bool SelfEnforcing => Parties.All(p => p.SelfEnforcing);

    /// <summary>The parties for whom cheating pays.</summary>
    public IEnumerable<string> Cheaters => Parties.Where(p => !p.SelfEnforcing).Select(p => p.Party);
}

/// <summary>Evaluates deals of one domain under its <see cref="EnforcementModel"/>.</summary>
public sealed class EnforcementEvaluator
{
    private readonly NegotiationDomain _domain;
    private readonly EnforcementModel _model;
    private readonly int _coverageIssue;
    private readonly int _noticeIssue;
    private readonly int _sanctionIssue;
    private readonly int[][] _deviation;
    private readonly double[] _constantGain;

    internal EnforcementEvaluator(NegotiationDomain domain)
    {
        _domain = domain;
        _model = domain.Enforcement ?? EnforcementModel.Default;
        _coverageIssue = IssueOf(_model.Coverage);
        _noticeIssue = IssueOf(_model.Notice);
        _sanctionIssue = IssueOf(_model.Sanction);
        _deviation = new int[domain.Parties.Count][];
        _constantGain = new double[domain.Parties.Count];
        for (var p = 0; p < domain.Parties.Count; p++)
        {
            var g = _model.GainOf(domain.Parties[p].Name);
            _deviation[p] = g.DeviationIssues?.Select(domain.IssueIndex).ToArray() ?? [];
            _constantGain[p] = g.DeviationIssues is null ? g.Value ?? 0 : 0;
        }

        Trivial = domain.Enforcement is null || (_deviation.All(d => d.Length == 0) && _constantGain.All(g => g <= 0));
    }

    /// <summary>The model in force.</summary>
    public EnforcementModel Model => _model;

    /// <summary>True when no party can gain by cheating, so every deal is self-enforcing.</summary>
    public bool Trivial { get; }

    /// <summary>P(detect) for <paramref name="deal"/>.</summary>
    public double DetectionProbability(Outcome deal) => InspectionGame.DetectionProbability(
        _model.FleetChips,
        _model.CheatingChips,
        Term(_model.Coverage, _coverageIssue, deal, 1.0),
        Term(_model.Notice, _noticeIssue, deal, 0.0),
        _model.ConcealmentHalfLifeHours);

    /// <summary>The sanction of <paramref name="deal"/>.</summary>
    public double Sanction(Outcome deal) => Term(_model.Sanction, _sanctionIssue, deal, 1.0);

    /// <summary>What cheating on <paramref name="deal"/> gains party <paramref name="party"/>.</summary>
    public double Gain(int party, Outcome deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        if (_deviation[party].Length == 0)
        {
            return _constantGain[party];
        }

        var u = _domain.UtilityOf(party);
        var gain = 0.0;
        foreach (var i in _deviation[party])
        {
            gain += u.Term(i, u.BestValue(i)) - u.Term(i, deal[i]);
        }

        return gain;
    }

    /// <summary>Whether <paramref name="deal"/> is self-enforcing for every party.</summary>
    public bool IsSelfEnforcing(Outcome deal)
    {
        if (Trivial)
        {
            return true;
        }

        var penalty = DetectionProbability(deal) * Sanction(deal);
        for (var p = 0; p < _domain.Parties.Count; p++)
        {
            if (!InspectionGame.IsSelfEnforcing(Gain(p, deal), 1.0, penalty))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The full assessment of <paramref name="deal"/>.</summary>
    public DealAssessment Assess(Outcome deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var detection = DetectionProbability(deal);
        var sanction = Sanction(deal);
        var n = _domain.Parties.Count;
        var gains = Enumerable.Range(0, n).Select(p => Gain(p, deal)).ToArray();
        var complies = gains.Select(g => InspectionGame.IsSelfEnforcing(g, detection, sanction)).ToArray();
        var parties = new PartyAssessment[n];
        for (var p = 0; p < n; p++)
        {
            var effective = deal;
            for (var q = 0; q < n; q++)
            {
                if (q != p && !complies[q])
                {
                    var uq = _domain.UtilityOf(q);
                    foreach (var i in _deviation[q])
                    {
                        effective = effective.With(i, uq.BestValue(i));
                    }
                }
            }

            var u = _domain.UtilityOf(p);
            parties[p] = new PartyAssessment(_domain.Parties[p].Name, u.Utility(deal), u.Utility(effective), gains[p], detection * sanction, complies[p]);
        }

        return new DealAssessment(detection, sanction, parties);
    }

    private int IssueOf(TermSource t) => t.Issue is null ? -1 : _domain.IssueIndex(t.Issue);

    private double Term(TermSource t, int issue, Outcome deal, double fallback)
    {
        if (issue < 0)
        {
            return t.Value ?? fallback;
        }

        var x = _domain.Issues[issue].Numbers[deal[issue]];
        return x is { } v ? v * t.Scale : t.Value ?? fallback;
    }
}
