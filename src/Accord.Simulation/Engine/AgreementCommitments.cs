using Accord.Core.Commitments;
using Accord.Core.Compliance;

namespace Accord.Simulation.Engine;

/// <summary>
/// A scenario's agreement terms as the commitments each party's real ledger judges (docs/simulation.md, "What the
/// engine runs"), every one active from the simulated start and counted in BF16 estimated from utilisation:
/// <c>run-cap</c>, <c>aggregate-cap</c>, <c>pause</c>, <c>coverage</c> and <c>band</c>, in that order, for the terms set.
/// </summary>
internal static class AgreementCommitments
{
    private static readonly ComputeMeasure Bf16 = new(CountingBasis.EstimatedFromUtilization, Precision.Bf16);

    /// <summary>The commitments <paramref name="terms"/> stand for, active from <paramref name="start"/>.</summary>
    public static List<ActiveCommitment> For(AgreementTerms terms, DateTimeOffset start)
    {
        var commitments = new List<ActiveCommitment>();
        if (terms.RunCapFlop is { } runCap)
        {
            commitments.Add(new("run-cap", new TrainingRunComputeCap(runCap, Bf16), start, null));
        }

        if (terms.AggregateCapFlop is { } aggregate)
        {
            commitments.Add(new("aggregate-cap", new AggregateComputeCap(aggregate, TimeSpan.FromDays(terms.AggregatePeriodDays), Bf16), start, null));
        }

        if (terms.Pause is { } pause)
        {
            commitments.Add(new("pause", new PauseWindow(pause.ScopeMinFlop, PauseWindowOf(terms, start)!.Value.Start, new PauseForMonths(pause.Months), null), start, null));
        }

        if (terms.Coverage is { } coverage)
        {
            commitments.Add(new("coverage", new MonitoringCoverage(coverage.MinShare, TimeSpan.FromHours(coverage.WindowHours)), start, null));
        }

        if (terms.Band is { } band)
        {
            commitments.Add(new("band", new MonitoredBand(band.MinFlop, band.MaxFlop), start, null));
        }

        return commitments;
    }

    /// <summary>The pause the terms set, [start day, start day + months), from <paramref name="start"/>; null without one.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? PauseWindowOf(AgreementTerms terms, DateTimeOffset start)
    {
        if (terms.Pause is not { } pause)
        {
            return null;
        }

        var from = start.AddDays(pause.StartDay);
        return (from, from.AddMonths(pause.Months));
    }
}
