using Accord.Negotiation.Agents;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Tests;

public sealed class MediatorTests
{
    [Fact]
    public void Run_MediatorWithBoulwareParties_ReachesTheNashPoint()
    {
        var d = TestDomains.PauseTreaty;

        var result = NegotiationRunner.Run(d, ["mediator", "boulware", "boulware"], new ProtocolOptions { MaxRounds = 100 });

        Assert.Equal(ProtocolKind.SingleText, result.Protocol);
        Assert.True(result.Agreement, result.EndReason);
        Assert.Equal(d.OutcomeOf("3e26", "6", "99%", "24 hours"), result.Deal);
        Assert.Equal(0, result.Metrics.NashDistance, 12);
        Assert.Contains("Nash bargaining point", result.Explanation, StringComparison.Ordinal);
        Assert.Equal("mediator", result.Mediator);
    }

    [Theory]
    [InlineData(SolutionConcept.Kalai, "1e26", "0")]
    [InlineData(SolutionConcept.MaxWelfare, "1e26", "6")]
    public void Run_MediatorConcepts_ReachTheirPoints(SolutionConcept concept, string cap, string pause)
    {
        var d = TestDomains.PauseTreaty;

        var result = NegotiationRunner.Run(d, ["linear", "linear"], new ProtocolOptions { Protocol = ProtocolKind.SingleText, MediatorConcept = concept });

        Assert.Equal(d.OutcomeOf(cap, pause, "99%", "24 hours"), result.Deal);
    }

    [Fact]
    public async Task Mediator_EnforcedDomain_ProposesOnlySelfEnforcingDealsAndSaysWhy()
    {
        var d = DomainJson.Load(TestDomains.DataPath("PauseTreaty-enforced.json"));
        var nash = d.OutcomeOf("3e26", "6", "99%", "24 hours");
        var mediator = new AiMediator();
        mediator.Initialize(d, 0);

        var proposal = (await mediator.ProposeAsync(new MediationState(d, 0, 100, 0, [])))!;

        Assert.False(d.Enforcer.IsSelfEnforcing(nash));
        Assert.True(d.Enforcer.IsSelfEnforcing(proposal.Text));
        Assert.NotEqual(nash, proposal.Text);
        Assert.All(mediator.Restricted!.Frontier, p => Assert.True(d.Enforcer.IsSelfEnforcing(p.Outcome)));
        Assert.Contains("not self-enforcing for FrontierLab", proposal.Explanation, StringComparison.Ordinal);
        Assert.Contains("P(detect)", proposal.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_NashDealUnderWeakSanction_MarksFrontierLabAndDiscountsStatesValue()
    {
        var d = DomainJson.Load(TestDomains.DataPath("PauseTreaty-enforced.json"));
        var deal = d.OutcomeOf("3e26", "6", "99%", "24 hours");

        var a = d.Enforcer.Assess(deal);

        // 99 of 100 chips sampled: detection certain; 24 h notice at a 168 h half-life: 2^(-1/7).
        Assert.Equal(Math.Pow(2, -24.0 / 168), a.DetectionProbability, 12);
        var lab = a.Parties[d.PartyIndex("FrontierLab")];
        var state = a.Parties[d.PartyIndex("ConcernedState")];
        Assert.Equal((0.45 * 0.1) + (0.3 * 0.3), lab.Gain, 12);
        Assert.False(lab.SelfEnforcing);
        Assert.True(state.SelfEnforcing);
        Assert.False(a.SelfEnforcing);
        Assert.Equal(0.595, state.Utility, 12);

        // FrontierLab would cheat to no cap and no pause: the state's value is that deal's utility.
        Assert.Equal(0 + (0.25 * 0.1) + 0.25 + 0.15, state.VerifiedValue, 12);
        Assert.Equal(lab.Utility, lab.VerifiedValue, 12);
    }

    [Fact]
    public void Run_MediatorOnEnforcedDomain_AgreesOnASelfEnforcingDeal()
    {
        var d = DomainJson.Load(TestDomains.DataPath("PauseTreaty-enforced.json"));

        var result = NegotiationRunner.Run(d, ["mediator", "linear", "linear"]);

        Assert.True(result.Agreement, result.EndReason);
        Assert.True(result.Enforcement!.SelfEnforcing);
    }

    [Fact]
    public async Task Mediator_PartyRejectsBelowReservation_RevisesTowardIt()
    {
        var d = TestDomains.PauseTreaty;
        var mediator = new AiMediator();
        mediator.Initialize(d, 0);
        var first = (await mediator.ProposeAsync(new MediationState(d, 0, 10, 0, [])))!;
        var lab = d.PartyIndex("FrontierLab");
        var feedback = Enumerable.Range(0, 2).Select(p => p == lab ? new TextFeedback(false, FeedbackReason.BelowReservation) : new TextFeedback(true, FeedbackReason.Accepted)).ToArray();

        var second = (await mediator.ProposeAsync(new MediationState(d, 1, 10, 0.1, [new MediationRound(0, first.Text, feedback)])))!;

        Assert.True(d.UtilityOf(lab).Utility(second.Text) > d.UtilityOf(lab).Utility(first.Text));
        Assert.StartsWith("revised", second.Explanation, StringComparison.Ordinal);
    }
}
