namespace Accord.Negotiation.Domains;

/// <summary>A hard constraint on one issue: the party takes no deal outside it.</summary>
/// <param name="Issue">The issue's name.</param>
/// <param name="Allowed">When given, the only labels allowed.</param>
/// <param name="Min">When given, the smallest number allowed.</param>
/// <param name="Max">When given, the largest number allowed.</param>
public sealed record IssueConstraint(string Issue, IReadOnlyList<string>? Allowed = null, double? Min = null, double? Max = null)
{
    /// <summary>Which of <paramref name="issue"/>'s values the constraint allows, in grid order.</summary>
    public bool[] AllowedValues(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var ok = new bool[issue.Count];
        for (var i = 0; i < issue.Count; i++)
        {
            var allowed = Allowed is null || Allowed.Contains(issue.Labels[i], StringComparer.Ordinal);
            if (Min is not null || Max is not null)
            {
                var x = issue.Numbers[i];
                allowed &= x is not null && (Min is null || x >= Min) && (Max is null || x <= Max);
            }

            ok[i] = allowed;
        }

        return ok;
    }
}

/// <summary>
/// One party's preferences: a linear additive utility
/// u(o) = sum over issues i of <c>Weights[i] x ValueFunctions[i](o_i)</c>, hard constraints (an outcome
/// outside one is unacceptable to the party, whatever its utility), a reservation value (what the party
/// gets with no deal) and a time discount factor d (utility at relative time t is u x d^t; 1 = none).
/// </summary>
/// <param name="Name">The party's name, unique in its domain.</param>
/// <param name="Weights">One weight per issue, in the domain's issue order (not renormalized).</param>
/// <param name="ValueFunctions">One value function per issue, in the domain's issue order.</param>
/// <param name="Reservation">The utility of no deal.</param>
/// <param name="Discount">The discount factor per unit of relative time, in (0, 1].</param>
/// <param name="Constraints">Hard constraints; empty when none.</param>
public sealed record PartyPreferences(
    string Name,
    IReadOnlyList<double> Weights,
    IReadOnlyList<ValueFunction> ValueFunctions,
    double Reservation,
    double Discount,
    IReadOnlyList<IssueConstraint> Constraints);
