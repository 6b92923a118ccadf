using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Tests.Infrastructure;

namespace Accord.Grains.Tests.Compliance;

/// <summary>The compliance grain's status is the Core ledger's evaluation: no holds without evidence.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ComplianceStatusTests(ClusterFixture cluster)
{
    [Fact]
    public async Task GetStatus_ActiveRunCapAndNoDeclaredDevice_NotVerifiableSaysWhy()
    {
        // Arrange: a lab registers, commits to a run cap (unconditional, so active now) and enrols no device.
        using var lab = TestParty.Create("lab");
        Assert.Null((await cluster.Grains.GetGrain<IPartyGrain>(lab.Id).Register(lab.Registration(cluster.Now))).Rejection);
        var (id, statement) = lab.Statement(cluster.Now, Terms.TrainingRunCap());
        Assert.Null((await cluster.Grains.GetGrain<ICommitmentGrain>(id).Register(lab.Id, statement)).Rejection);

        // Act
        var status = await cluster.Grains.GetGrain<IComplianceGrain>(lab.Id).GetStatus();

        // Assert
        var evaluation = Assert.Single(status.Commitments);
        Assert.Equal(id, evaluation.CommitmentId);
        Assert.Equal("NotVerifiable", evaluation.State);
        Assert.Contains("the party declared no devices", evaluation.Why, StringComparison.Ordinal);
        Assert.Equal(0, status.Devices);
    }
}
