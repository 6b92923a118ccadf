using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Analysis;

/// <summary>
/// A session's metrics. With no deal every party gets its reservation value. Advantage is
/// (u - r)/(max - r) with max the party's best utility; welfare the sum of utilities; the Nash product
/// the product of (u - r) (0 when some u &lt;= r); the distances are Euclidean in utility space from the
/// session's point to the nearest Pareto-frontier point, to the Nash point and to the Kalai point
/// (NaN when the point does not exist).
/// </summary>
/// <param name="Agreement">Whether the parties agreed.</param>
/// <param name="Rounds">Rounds played.</param>
/// <param name="ElapsedSeconds">Wall time.</param>
/// <param name="AgreementTime">The relative time of the agreement (1 with no deal).</param>
/// <param name="Utilities">Each party's utility (undiscounted).</param>
/// <param name="DiscountedUtilities">Each party's utility discounted to the agreement time.</param>
/// <param name="Advantages">Each party's advantage.</param>
/// <param name="Welfare">The social welfare.</param>
/// <param name="NashProduct">The Nash product.</param>
/// <param name="ParetoDistance">Distance to the frontier.</param>
/// <param name="NashDistance">Distance to the Nash point.</param>
/// <param name="KalaiDistance">Distance to the Kalai point.</param>
public sealed record SessionMetrics(
    bool Agreement,
    int Rounds,
    double ElapsedSeconds,
    double AgreementTime,
    IReadOnlyList<double> Utilities,
    IReadOnlyList<double> DiscountedUtilities,
    IReadOnlyList<double> Advantages,
    double Welfare,
    double NashProduct,
    double ParetoDistance,
    double NashDistance,
    double KalaiDistance)
{
    /// <summary>The metrics of a session that ended with <paramref name="deal"/> (null: no deal).</summary>
    public static SessionMetrics Compute(NegotiationDomain domain, OutcomeSpaceAnalysis? analysis, Outcome? deal, int rounds, TimeSpan elapsed, double agreementTime)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var n = domain.Parties.Count;
        var us = Enumerable.Range(0, n).Select(domain.UtilityOf).ToArray();
        var t = deal is null ? 1.0 : agreementTime;
        var u = deal is null ? us.Select(x => x.Reservation).ToArray() : domain.Utilities(deal);
        var du = deal is null ? us.Select(x => x.DiscountedReservation(1)).ToArray() : us.Select(x => x.DiscountedUtility(deal, t)).ToArray();
        var adv = us.Select((x, i) => x.Max - x.Reservation > 0 ? (u[i] - x.Reservation) / (x.Max - x.Reservation) : 0).ToArray();
        var nash = 1.0;
        for (var i = 0; i < n; i++)
        {
            var g = u[i] - us[i].Reservation;
            nash = g <= 0 ? 0 : nash * g;
        }

        return new SessionMetrics(
            deal is not null,
            rounds,
            elapsed.TotalSeconds,
            t,
            u,
            du,
            adv,
            u.Sum(),
            nash,
            analysis?.DistanceToFrontier(u) ?? double.NaN,
            analysis?.Nash is { } np ? OutcomeSpaceAnalysis.Distance(u, np.Utilities) : double.NaN,
            analysis?.Kalai is { } kp ? OutcomeSpaceAnalysis.Distance(u, kp.Utilities) : double.NaN);
    }
}
