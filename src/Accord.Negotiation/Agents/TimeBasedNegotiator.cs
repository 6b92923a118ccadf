using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Agents;

/// <summary>
/// A time-dependent concession agent (Faratin, Sierra and Jennings 1998, as in GENIUS): at relative time
/// t its target utility is <c>target(t) = max - (max - r) * t^(1/e)</c>, with max its best utility and
/// r its reservation value. e &lt; 1 concedes late (Boulware, e = 0.2), e = 1 linearly (Linear),
/// e &gt; 1 early (Conceder, e = 2). It proposes an outcome worth at least the target (see
/// <see cref="StrategyNegotiator.Select"/>) and accepts an offer worth at least the target or at least
/// what it would propose next.
/// </summary>
public sealed class TimeBasedNegotiator : StrategyNegotiator
{
    /// <summary>The Boulware exponent.</summary>
    public const double BoulwareE = 0.2;

    /// <summary>The Conceder exponent.</summary>
    public const double ConcederE = 2.0;

    /// <summary>A time-based agent with exponent <paramref name="e"/>.</summary>
    public TimeBasedNegotiator(string name, double e)
    {
        if (!(e > 0) || !double.IsFinite(e))
        {
            throw new ArgumentOutOfRangeException(nameof(e), "The exponent must be positive.");
        }

        Name = name;
        E = e;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The concession exponent e.</summary>
    public double E { get; }

    /// <summary>A Boulware agent (e = 0.2).</summary>
    public static TimeBasedNegotiator Boulware() => new("boulware", BoulwareE);

    /// <summary>A Linear agent (e = 1).</summary>
    public static TimeBasedNegotiator Linear() => new("linear", 1.0);

    /// <summary>A Conceder agent (e = 2).</summary>
    public static TimeBasedNegotiator Conceder() => new("conceder", ConcederE);

    /// <summary>The target utility at relative time <paramref name="t"/>.</summary>
    public static double Target(double max, double reservation, double e, double t)
    {
        var r = Math.Min(reservation, max);
        return max - ((max - r) * Math.Pow(Math.Clamp(t, 0, 1), 1 / e));
    }

    /// <inheritdoc />
    protected override double Threshold(NegotiationState state) => Target(Utility.Max, Floor, E, state.RelativeTime);

    /// <inheritdoc />
    protected override NegotiationAction Decide(NegotiationState state)
    {
        var target = Threshold(state);
        var next = Select(state, target);
        if (state.CurrentOffer is { } offer && Acceptable(offer))
        {
            var u = Utility.Utility(offer);
            if (u >= target || u >= Utility.Utility(next))
            {
                return NegotiationAction.AcceptOffer();
            }
        }

        return NegotiationAction.Propose(next);
    }
}
