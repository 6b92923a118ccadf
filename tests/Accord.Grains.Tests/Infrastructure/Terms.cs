using Accord.Protos.V1;

namespace Accord.Grains.Tests.Infrastructure;

/// <summary>Commitment terms and activation conditions as the proto messages a statement carries.</summary>
public static class Terms
{
    public static CommitmentTerms PauseForMonths(uint months) =>
        new() { PauseWindow = new PauseWindow { ScopeMinFlop = 1e26, DurationMonths = months } };

    public static CommitmentTerms PauseUntilAttested(string inspectorPartyId, string condition) => new()
    {
        PauseWindow = new PauseWindow
        {
            ScopeMinFlop = 1e26,
            UntilAttested = new AttestedCondition { InspectorPartyId = inspectorPartyId, Condition = condition },
        },
    };

    public static CommitmentTerms TrainingRunCap() => new()
    {
        TrainingRunCap = new TrainingRunComputeCap
        {
            MaxFlop = 1e26,
            Measure = new ComputeMeasure { Basis = CountingBasis.Analytic, Precision = Precision.Bf16 },
        },
    };

    public static ActivationCondition AllOf(string agreementId, IEnumerable<TestParty> parties) =>
        new() { AgreementId = agreementId, Parties = new PartySet { PartyIds = { parties.Select(p => p.Id) } } };

    public static ActivationCondition AtLeast(string agreementId, uint k) => new() { AgreementId = agreementId, Threshold = k };
}
