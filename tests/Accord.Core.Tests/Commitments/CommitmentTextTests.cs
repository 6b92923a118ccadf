using Accord.Core.Commitments;

namespace Accord.Core.Tests.Commitments;

public sealed class CommitmentTextTests
{
    public static TheoryData<CommitmentTerms, string> Descriptions => new()
    {
        { Samples.TrainingRunCap, "No training run above 1e26 FLOP (BF16, estimated from utilization)" },
        {
            new AggregateComputeCap(2.5e25, TimeSpan.FromDays(30), new ComputeMeasure(CountingBasis.HardwareCounters, Precision.Fp8)),
            "At most 2.5e25 FLOP of training compute in total per 30 days (FP8, from hardware counters)"
        },
        { Samples.ClusterSizeCap, "No cluster above 16 H100-equivalents (BF16) in any facility" },
        {
            new ClusterSizeCap(ClusterUnit.FlopPerSecond, 1.5e19, Precision.Fp16, ClusterScope.UnmonitoredFacilities),
            "No cluster above 1.5e19 FLOP/s (FP16) in unmonitored facilities"
        },
        { Samples.PauseForMonths, "Pause runs above 1e26 FLOP for 6 months from activation" },
        { Samples.PauseForMonths with { End = new PauseForMonths(1), StartsAt = Samples.Start }, "Pause runs above 1e26 FLOP for 1 month from 2027-01-01" },
        { Samples.PauseEndsAt, "Pause runs above 1e25 FLOP from 2027-01-01 until 2028-01-01" },
        {
            Samples.PauseEndsAt with { StartsAt = null, End = new PauseEndsAt(new DateTimeOffset(2028, 1, 1, 14, 30, 0, TimeSpan.FromHours(2))) },
            "Pause runs above 1e25 FLOP from activation until 2028-01-01T12:30:00Z"
        },
        {
            Samples.PauseUntilAttested,
            "If a model reaches ASL-3: pause all training runs from activation until aisi attests \"ASL-3 safeguards are in place\""
        },
        {
            Samples.NotifyTraining,
            "Notify eu-ai-office within 14 days after a run reaches 1e25 FLOP or is known to reach it (BF16, estimated from utilization)"
        },
        {
            new NotifyTraining(1e26, TimeSpan.FromDays(30), NoticeTiming.BeforeThreshold, true, null, new ComputeMeasure(CountingBasis.Analytic, Precision.Fp32)),
            "Give notice at least 30 days before a run reaches 1e26 FLOP, counting runs foreseen to reach it (FP32, analytic estimate)"
        },
        {
            new NotifyTraining(1e26, TimeSpan.Zero, NoticeTiming.AfterThreshold, false, null, Samples.Measure),
            "Give notice when a run reaches 1e26 FLOP (BF16, estimated from utilization)"
        },
        { Samples.MonitoringCoverage, "At least 95% of declared devices report in every window of 1 hour" },
        { new MonitoringCoverage(0.955, TimeSpan.FromMinutes(15)), "At least 95.5% of declared devices report in every window of 15 minutes" },
        { Samples.MonitoredBand, "Training runs between 1e22 and 1e24 FLOP use only monitored devices" },
        { Samples.InspectionAccess, "Admit challenge inspections with notice of at most 1 day, up to 12 a year" },
        { new InspectionAccess(TimeSpan.Zero, InspectionType.Routine, 0), "Admit routine inspections without notice, with no yearly limit" },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Describe_EachKind_IsOneReadableLine(CommitmentTerms terms, string expected)
    {
        var text = CommitmentText.Describe(terms);

        Assert.Equal(expected, text);
        Assert.DoesNotContain('\n', text);
    }

    [Theory]
    [InlineData(1e26, "1e26")]
    [InlineData(2.5e25, "2.5e25")]
    [InlineData(1e24, "1e24")]
    [InlineData(3.14e23, "3.14e23")]
    [InlineData(1e40, "1e40")]
    [InlineData(0.0, "0")]
    public void Flop_Value_IsScientificNotation(double value, string expected)
    {
        Assert.Equal(expected, CommitmentText.Flop(value));
    }

    [Theory]
    [InlineData(new[] { "lab-a", "lab-b", "lab-c" }, "when lab-a, lab-b, lab-c have signed pause-2027")]
    [InlineData(new[] { "lab-a" }, "when lab-a has signed pause-2027")]
    public void Describe_AllOfCondition_NamesTheParties(string[] parties, string expected)
    {
        Assert.Equal(expected, CommitmentText.Describe(new ActivationCondition("pause-2027", new AllOfParties(parties))));
    }

    [Theory]
    [InlineData(2, "when 2 parties have signed pause-2027")]
    [InlineData(1, "when 1 party has signed pause-2027")]
    public void Describe_ThresholdCondition_CountsTheParties(int k, string expected)
    {
        Assert.Equal(expected, CommitmentText.Describe(new ActivationCondition("pause-2027", new AtLeastParties(k))));
    }
}
