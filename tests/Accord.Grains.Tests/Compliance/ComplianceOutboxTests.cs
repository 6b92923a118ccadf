using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Tests.Infrastructure;
using Orleans.Core;

namespace Accord.Grains.Tests.Compliance;

/// <summary>A violation stored with the ledger but not confirmed published is published when the grain next activates.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ComplianceOutboxTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Activate_ViolationLeftInTheOutbox_PublishedToTheFeedWithACheckpoint()
    {
        var partyId = $"outbox-{Guid.NewGuid():N}"[..20];
        var violationId = $"v-{Guid.NewGuid():N}";
        var grain = cluster.Grains.GetGrain<IComplianceGrain>(partyId);
        var left = new ComplianceGrainState
        {
            RaisedViolations = [violationId],
            Unpublished =
            [
                new ViolationData
                {
                    ViolationId = violationId,
                    PartyId = partyId,
                    CommitmentId = "not-registered",
                    Rule = "run-cap",
                    Subject = "run-1",
                    Measured = 2e25,
                    Limit = 1e25,
                    Unit = "FLOP",
                    Basis = "estimated from utilization",
                    Evidence = [],
                    DetectedAt = cluster.Now,
                    Explanation = "run 'run-1' used 2e25 FLOP, above the per-run cap of 1e25 FLOP",
                    Checkpoint = "",
                },
            ],
        };
        await cluster.Storage.WriteStateAsync("compliance", grain.GetGrainId(), new GrainState<ComplianceGrainState>(left));

        await grain.GetStatus(); // activates it
        var feed = await cluster.Grains.GetGrain<IViolationFeedGrain>(IViolationFeedGrain.Key).Read(0, partyId, 10);

        var published = Assert.Single(feed);
        Assert.Equal(violationId, published.ViolationId);
        Assert.NotEmpty(published.Checkpoint);
    }
}
